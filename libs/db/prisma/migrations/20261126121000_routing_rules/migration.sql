-- CreateTable
CREATE TABLE "routing_rules" (
    "id" TEXT NOT NULL,
    "tenant_id" TEXT,
    "model" TEXT NOT NULL,
    "fallback_models" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "fallback_on" TEXT[],
    "max_retries" INTEGER NOT NULL DEFAULT 0,
    "retry_base_ms" INTEGER NOT NULL DEFAULT 200,
    "retry_max_ms" INTEGER NOT NULL DEFAULT 5000,
    "ttft_deadline_ms" INTEGER,
    "total_deadline_ms" INTEGER NOT NULL DEFAULT 120000,
    "strategy" TEXT NOT NULL DEFAULT 'weighted',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "routing_rules_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "routing_rules_tenant_id_model_key" ON "routing_rules"("tenant_id", "model");

-- AddForeignKey
ALTER TABLE "routing_rules" ADD CONSTRAINT "routing_rules_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
