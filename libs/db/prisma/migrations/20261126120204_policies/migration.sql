-- CreateTable
CREATE TABLE "policies" (
    "scope" TEXT NOT NULL,
    "scope_id" TEXT NOT NULL,
    "document" JSONB NOT NULL,
    "version" BIGINT NOT NULL,
    "updated_by" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "policies_pkey" PRIMARY KEY ("scope","scope_id")
);

-- CreateTable
CREATE TABLE "policy_revisions" (
    "id" BIGSERIAL NOT NULL,
    "actor" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "changes" JSONB NOT NULL,
    "at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "policy_revisions_pkey" PRIMARY KEY ("id")
);
