-- CreateTable
CREATE TABLE "audit_records" (
    "tenant_id" TEXT NOT NULL,
    "seq" BIGINT NOT NULL,
    "event_id" TEXT NOT NULL,
    "time" TIMESTAMPTZ(6) NOT NULL,
    "kind" TEXT NOT NULL,
    "actor_type" TEXT NOT NULL,
    "actor_id" TEXT NOT NULL,
    "key_id" TEXT,
    "model" TEXT,
    "outcome" TEXT NOT NULL,
    "fallback" BOOLEAN NOT NULL DEFAULT false,
    "request_id" TEXT,
    "record" JSON NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "audit_records_pkey" PRIMARY KEY ("tenant_id","seq")
);

-- CreateTable
CREATE TABLE "audit_chain_heads" (
    "tenant_id" TEXT NOT NULL,
    "seq" BIGINT NOT NULL DEFAULT 0,
    "hash" TEXT NOT NULL,
    "checkpoint_seq" BIGINT NOT NULL DEFAULT 0,
    "checkpoint_at" TIMESTAMPTZ(6),
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_chain_heads_pkey" PRIMARY KEY ("tenant_id")
);

-- CreateTable
CREATE TABLE "audit_checkpoints" (
    "tenant_id" TEXT NOT NULL,
    "seq" BIGINT NOT NULL,
    "head_hash" TEXT NOT NULL,
    "time" TEXT NOT NULL,
    "key_id" TEXT NOT NULL,
    "signature" TEXT NOT NULL,

    CONSTRAINT "audit_checkpoints_pkey" PRIMARY KEY ("tenant_id","seq")
);

-- CreateTable
CREATE TABLE "audit_auditors" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "tenant_ids" TEXT[],
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(6),

    CONSTRAINT "audit_auditors_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "audit_records_tenant_id_time_seq_idx" ON "audit_records"("tenant_id", "time", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "audit_records_tenant_id_event_id_key" ON "audit_records"("tenant_id", "event_id");

-- CreateIndex
CREATE UNIQUE INDEX "audit_auditors_token_hash_key" ON "audit_auditors"("token_hash");

-- Append-only audit trail (not expressible in schema.prisma): the application role can only INSERT. A superuser can
-- still bypass triggers (session_replication_role = replica), which is what the tampering tests do; the hash chain
-- and signed checkpoints are what detect such changes.
CREATE FUNCTION "audit_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit table % is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER "audit_records_append_only" BEFORE UPDATE OR DELETE ON "audit_records" FOR EACH ROW EXECUTE FUNCTION "audit_refuse_change"();
CREATE TRIGGER "audit_records_no_truncate" BEFORE TRUNCATE ON "audit_records" FOR EACH STATEMENT EXECUTE FUNCTION "audit_refuse_change"();
CREATE TRIGGER "audit_checkpoints_append_only" BEFORE UPDATE OR DELETE ON "audit_checkpoints" FOR EACH ROW EXECUTE FUNCTION "audit_refuse_change"();
CREATE TRIGGER "audit_checkpoints_no_truncate" BEFORE TRUNCATE ON "audit_checkpoints" FOR EACH STATEMENT EXECUTE FUNCTION "audit_refuse_change"();
