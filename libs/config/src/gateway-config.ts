import { z } from 'zod';
import { envBool, envInt, envList, envSecret, parseEnv, type Env } from './env';

const gatewayEnvSchema = z.object({
  ASC_GATEWAY_HOST: z.string().default('127.0.0.1'),
  ASC_GATEWAY_PORT: envInt(8080),
  DATABASE_URL: z.string({ error: 'is required (postgresql://…)' }).startsWith('postgres', { error: 'must be a postgres:// URL' }),
  /** Pepper for the keyed hash of virtual keys. Never stored in the database. */
  ASC_KEY_HASH_SECRET: envSecret(32),
  /** Envelope master key(s) for provider credentials: `keyId:base64` pairs, comma separated, first one encrypts. */
  ASC_MASTER_KEYS: envSecret(8),
  /** Bootstrap admin token for the admin API (until SSO/RBAC lands). */
  ASC_ADMIN_TOKEN: envSecret(24),
  ASC_MAX_BODY_BYTES: envInt(8 * 1024 * 1024),
  /** Upper bound for one upstream attempt: connect + headers. Streams then run as long as bytes keep coming. */
  ASC_UPSTREAM_HEADERS_TIMEOUT_MS: envInt(60_000),
  /** Abort an upstream stream that sends nothing for this long. */
  ASC_UPSTREAM_IDLE_TIMEOUT_MS: envInt(120_000),
  ASC_UPSTREAM_CONNECTIONS: envInt(256),
  /** Safety net reload of the config snapshot, in addition to Postgres NOTIFY. */
  ASC_SNAPSHOT_REFRESH_MS: envInt(60_000),
  KAFKA_BROKERS: envList(),
  /** host:port of the policy service's gRPC listener; unset = no policy enforcement beyond model lists. */
  ASC_POLICY_ADDRESS: z.string().optional(),
  /**
   * Where policy decisions are made: `local` (default) evaluates each request in-process from the snapshot the
   * policy service streams (no network call per request); `remote` calls the policy service's `Check` for every
   * request — one central decision point, at the cost of a round trip; the gateway fails closed (503) when the
   * service cannot answer.
   */
  ASC_POLICY_DECISIONS: z.enum(['local', 'remote']).default('local'),
  /** Deadline of one remote `Check` call. */
  ASC_POLICY_CHECK_TIMEOUT_MS: envInt(2_000),
  /** Shared store for rate limits and budget reservations across gateway replicas (redis://…); unset = in-process. */
  REDIS_URL: z.string().optional(),
  ASC_SPOOL_DIR: z.string().default('.asc/spool/gateway'),
  ASC_EVENTS_ENABLED: envBool(true),
  ASC_SPOOL_MAX_BYTES: envInt(512 * 1024 * 1024),
  /** When the spool is full: refuse requests (`fail-closed`, nothing unaccounted) or drop events (`shed`, counted and audited). */
  ASC_SPOOL_FULL_POLICY: z.enum(['fail-closed', 'shed']).default('fail-closed'),
  /**
   * Who ships the event spool to Kafka: this process (`in-process`), or a spool shipper process on the same
   * ASC_SPOOL_DIR (`external`: `node libs/kafka/dist/shipper-main.js`, a sidecar; `npm start` runs one), so Kafka
   * encoding never costs the gateway's CPU. With `external` nothing ships unless the shipper runs.
   */
  ASC_EVENT_SHIPPER: z.enum(['in-process', 'external']).default('in-process'),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
});

export type GatewayConfig = z.output<typeof gatewayEnvSchema> & {
  /** Every `KAFKA_*` variable, for `kafkaConfigFromEnv` (SASL, TLS, client id…). */
  kafkaEnv: Record<string, string>;
};

export function loadGatewayConfig(env: Env = process.env): GatewayConfig {
  return { ...parseEnv(gatewayEnvSchema, env), kafkaEnv: prefixed(env, 'KAFKA_') };
}

export function prefixed(env: Env, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (name.startsWith(prefix) && value !== undefined) out[name] = value;
  return out;
}
