import { z } from 'zod';
import { envInt, envList, envSecret, parseEnv, type Env } from './env';
import { prefixed } from './gateway-config';

/** Environment of apps/metering (usage -> spend, budgets, finance records), read once at startup. */
const meteringEnvSchema = z.object({
  ASC_METERING_HOST: z.string().default('127.0.0.1'),
  ASC_METERING_PORT: envInt(8090),
  DATABASE_URL: z.string({ error: 'is required (postgresql://…)' }).startsWith('postgres', { error: 'must be a postgres:// URL' }),
  ASC_METERING_DB_POOL: envInt(8),
  /** Same admin token as the gateway's admin API: full access to every tenant's spend and budgets. */
  ASC_ADMIN_TOKEN: envSecret(24),
  /** To resolve tenant callers' virtual keys (same pepper and master keys as the gateway). */
  ASC_KEY_HASH_SECRET: envSecret(32),
  ASC_MASTER_KEYS: envSecret(8),
  ASC_SNAPSHOT_REFRESH_MS: envInt(60_000),
  KAFKA_BROKERS: envList().pipe(z.array(z.string()).min(1, { error: 'is required (host:port list)' })),
  ASC_METERING_GROUP_ID: z.string().min(1).default('asc-metering'),
  /** Usage events per Postgres transaction. */
  ASC_METERING_MAX_BATCH: envInt(2000),
  /** CloudEvents `source` of metering records. */
  ASC_METERING_SOURCE: z.string().min(1).default('asc/metering'),
  /** Outbox relay poll interval (it is also woken after every ingest commit). */
  ASC_METERING_OUTBOX_POLL_MS: envInt(250),
  /** An unchanged budget's state is re-published at most this often while its spend moves (gateways refresh from it). */
  ASC_BUDGET_STATE_REFRESH_MS: envInt(2_000),
  /** Create missing topics at start with this replication factor (1 for the development broker); 0 = don't create. */
  ASC_METERING_ENSURE_TOPICS_RF: envInt(0),
  /**
   * What this process runs: `all` (default), `ingest` (usage consumer, HTTP API, budget upkeep) or `relay` (outbox ->
   * Kafka only). Splitting puts the Kafka producing cost of metering records on another core or machine.
   */
  ASC_METERING_ROLE: z.enum(['all', 'ingest', 'relay']).default('all'),
  /** How often consumer lag (committed offset vs high watermark) is read from Kafka for /metrics. */
  ASC_CONSUMER_LAG_POLL_MS: envInt(10_000),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
});

export type MeteringConfig = z.output<typeof meteringEnvSchema> & {
  /** Every `KAFKA_*` variable, for `kafkaConfigFromEnv` (SASL, TLS, client id…). */
  kafkaEnv: Record<string, string>;
};

export function loadMeteringConfig(env: Env = process.env): MeteringConfig {
  return { ...parseEnv(meteringEnvSchema, env), kafkaEnv: prefixed(env, 'KAFKA_') };
}
