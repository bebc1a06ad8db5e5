-- CreateTable
CREATE TABLE "metering_processed_events" (
    "consumer_group" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "processed_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "metering_processed_events_pkey" PRIMARY KEY ("consumer_group","event_id")
);

-- CreateTable
CREATE TABLE "spend_daily" (
    "tenant_id" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "key_id" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'USD',
    "requests" BIGINT NOT NULL DEFAULT 0,
    "estimated_requests" BIGINT NOT NULL DEFAULT 0,
    "input_tokens" BIGINT NOT NULL DEFAULT 0,
    "output_tokens" BIGINT NOT NULL DEFAULT 0,
    "cached_input_tokens" BIGINT NOT NULL DEFAULT 0,
    "cache_write_input_tokens" BIGINT NOT NULL DEFAULT 0,
    "cost" DECIMAL(38,18) NOT NULL DEFAULT 0,
    "estimated_cost" DECIMAL(38,18) NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "spend_daily_pkey" PRIMARY KEY ("tenant_id","day","key_id","model","provider")
);

-- CreateTable
CREATE TABLE "unpriced_usage" (
    "event_id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "key_id" TEXT NOT NULL,
    "request_id" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "event_time" TIMESTAMPTZ(6) NOT NULL,
    "input_tokens" INTEGER NOT NULL,
    "output_tokens" INTEGER NOT NULL,
    "cached_input_tokens" INTEGER NOT NULL,
    "cache_write_input_tokens" INTEGER NOT NULL,
    "usage_source" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "price_table_version" TEXT,
    "recorded_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "unpriced_usage_pkey" PRIMARY KEY ("event_id")
);

-- CreateTable
CREATE TABLE "budgets" (
    "id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "key_id" TEXT,
    "state_key" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "amount" DECIMAL(38,18) NOT NULL,
    "soft_threshold_pct" INTEGER NOT NULL,
    "hard_limit" DECIMAL(38,18) NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'USD',
    "period_start" TIMESTAMPTZ(6) NOT NULL,
    "spent" DECIMAL(38,18) NOT NULL DEFAULT 0,
    "state" TEXT NOT NULL DEFAULT 'ok',
    "state_published_at" TIMESTAMPTZ(6),
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "budgets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "metering_outbox" (
    "id" BIGSERIAL NOT NULL,
    "topic" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT,
    "headers" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "metering_outbox_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "spend_daily_day_idx" ON "spend_daily"("day");

-- CreateIndex
CREATE INDEX "unpriced_usage_tenant_id_event_time_idx" ON "unpriced_usage"("tenant_id", "event_time");

-- CreateIndex
CREATE UNIQUE INDEX "budgets_state_key_key" ON "budgets"("state_key");

-- CreateIndex
CREATE INDEX "budgets_tenant_id_idx" ON "budgets"("tenant_id");
