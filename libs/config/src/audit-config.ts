import { z } from 'zod';
import { envBool, envInt, envList, envSecret, parseEnv, type Env } from './env';
import { prefixed } from './gateway-config';

/** Environment of `apps/audit`: the audit.recorded.v1 consumer, hash chain writer and audit API. */
const auditEnvSchema = z.object({
  ASC_AUDIT_HOST: z.string().default('127.0.0.1'),
  ASC_AUDIT_PORT: envInt(8083),
  DATABASE_URL: z.string({ error: 'is required (postgresql://…)' }).startsWith('postgres', { error: 'must be a postgres:// URL' }),
  ASC_AUDIT_DB_POOL_SIZE: envInt(6),
  /** Pepper of virtual-key hashes (same as the gateway's): tenant-scoped callers authenticate with their key. */
  ASC_KEY_HASH_SECRET: envSecret(32),
  /** Platform admin token (same as the gateway's): sees every tenant and manages auditors. */
  ASC_ADMIN_TOKEN: envSecret(24),
  /** Ed25519 checkpoint signing key: PKCS#8 PEM, or base64 of the 32-byte seed. */
  ASC_AUDIT_SIGNING_KEY: z.string({ error: 'is required (Ed25519 PKCS#8 PEM or base64 32-byte seed)' }).min(40, { error: 'is too short for an Ed25519 key' }),
  /** Earlier public keys (SPKI PEM or base64 raw, `;`-separated) still trusted when verifying old checkpoints. */
  ASC_AUDIT_TRUSTED_PUBLIC_KEYS: z
    .string()
    .optional()
    .transform((v) => (v ? v.split(';').map((s) => s.trim()).filter(Boolean) : [])),
  /** Sign a checkpoint after this many new records of a tenant… */
  ASC_AUDIT_CHECKPOINT_EVERY: envInt(1000),
  /** …or this long after its last checkpoint, whichever comes first. */
  ASC_AUDIT_CHECKPOINT_INTERVAL_MS: envInt(60_000),
  ASC_AUDIT_INGEST_ENABLED: envBool(true),
  ASC_AUDIT_CONSUMER_GROUP: z.string().min(1).default('audit'),
  /** Processes of the service (node:cluster), each a full copy: use one per core. */
  ASC_AUDIT_PROCESSES: envInt(1),
  /**
   * Consumer-group members in this process. Each appends in its own transactions, so with 2+ members one waits on
   * Postgres while another hashes: the partitions (and so the tenants) are split between them.
   */
  ASC_AUDIT_CONSUMERS: envInt(2),
  /** Events per chain-append transaction. */
  ASC_AUDIT_BATCH_EVENTS: envInt(2000),
  /** Safety-net reload of keys and tenants, in addition to Postgres NOTIFY. */
  ASC_SNAPSHOT_REFRESH_MS: envInt(60_000),
  KAFKA_BROKERS: envList(),
  /** How often consumer lag (committed offset vs high watermark) is read from Kafka for /metrics. */
  ASC_CONSUMER_LAG_POLL_MS: envInt(10_000),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
});

export type AuditConfig = z.output<typeof auditEnvSchema> & {
  /** Every `KAFKA_*` variable, for `kafkaConfigFromEnv`. */
  kafkaEnv: Record<string, string>;
};

export function loadAuditConfig(env: Env = process.env): AuditConfig {
  return { ...parseEnv(auditEnvSchema, env), kafkaEnv: prefixed(env, 'KAFKA_') };
}
