import { z } from 'zod';
import { envBool, envInt, envList, envSecret, parseEnv, type Env } from './env';
import { prefixed } from './gateway-config';

const policyEnvSchema = z.object({
  ASC_POLICY_HOST: z.string().default('127.0.0.1'),
  /** gRPC: asc.policy.v1.PolicyService, envoy.service.auth.v3.Authorization, health, reflection. 0 = any free port. */
  ASC_POLICY_GRPC_PORT: envInt(50051),
  /** HTTP: the policy admin API (`/admin/v1/policy/...`) and `/healthz`. 0 = any free port. */
  ASC_POLICY_HTTP_PORT: envInt(8091),
  DATABASE_URL: z.string({ error: 'is required (postgresql://…)' }).startsWith('postgres', { error: 'must be a postgres:// URL' }),
  /** Same bootstrap admin token as the gateway's admin API. */
  ASC_ADMIN_TOKEN: envSecret(24),
  /** Shared rate-limit store for every replica; unset = in-process buckets (one replica only). */
  REDIS_URL: z.string().startsWith('redis', { error: 'must be a redis:// URL' }).optional(),
  /** Budget state (metering's `budgets`) is polled, as it changes without a config NOTIFY. */
  ASC_POLICY_BUDGET_REFRESH_MS: envInt(5_000),
  /** Safety-net snapshot reload, in addition to Postgres NOTIFY. */
  ASC_SNAPSHOT_REFRESH_MS: envInt(60_000),
  /** Emit every decision as audit.recorded.v1 (kind policy.decision). */
  ASC_POLICY_AUDIT_DECISIONS: envBool(true),
  KAFKA_BROKERS: envList(),
  ASC_EVENTS_ENABLED: envBool(true),
  ASC_SPOOL_DIR: z.string().default('.asc/spool/policy'),
  ASC_SPOOL_MAX_BYTES: envInt(512 * 1024 * 1024),
  /** Decisions are already enforced when the audit event is written: shed (counted, audited) rather than refuse. */
  ASC_SPOOL_FULL_POLICY: z.enum(['fail-closed', 'shed']).default('shed'),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
});

export type PolicyConfig = z.output<typeof policyEnvSchema> & {
  /** Every `KAFKA_*` variable, for `kafkaConfigFromEnv`. */
  kafkaEnv: Record<string, string>;
};

export function loadPolicyConfig(env: Env = process.env): PolicyConfig {
  return { ...parseEnv(policyEnvSchema, env), kafkaEnv: prefixed(env, 'KAFKA_') };
}
