import { readFileSync } from 'node:fs';
import type { KafkaConfig, SASLOptions } from 'kafkajs';
import { z } from 'zod';

/**
 * Environment -> kafkajs client config, read once at startup. Works for plain local brokers and managed Kafka
 * (MSK with SASL/SCRAM + TLS, Confluent Cloud with SASL/PLAIN + TLS, Strimzi with SCRAM or mTLS).
 *
 * KAFKA_BROKERS               comma-separated host:port list (required)
 * KAFKA_CLIENT_ID             default `asc`
 * KAFKA_SASL_MECHANISM        plain | scram-sha-256 | scram-sha-512 (then KAFKA_SASL_USERNAME / KAFKA_SASL_PASSWORD)
 * KAFKA_TLS                   true to use TLS (implied by SASL unless set to false)
 * KAFKA_TLS_CA_FILE           PEM bundle of a private CA (Strimzi cluster CA); KAFKA_TLS_CERT_FILE/KEY_FILE for mTLS
 * KAFKA_TLS_REJECT_UNAUTHORIZED  default true
 * KAFKA_CONNECTION_TIMEOUT_MS default 3000;  KAFKA_REQUEST_TIMEOUT_MS default 30000
 */
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const ms = z.coerce.number().int().positive();

const envSchema = z
  .object({
    KAFKA_BROKERS: z
      .string()
      .transform((s) => s.split(',').map((b) => b.trim()).filter(Boolean))
      .pipe(z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'expected host:port')).min(1)),
    KAFKA_CLIENT_ID: z.string().min(1).default('asc'),
    KAFKA_SASL_MECHANISM: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']).optional(),
    KAFKA_SASL_USERNAME: z.string().min(1).optional(),
    KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
    KAFKA_TLS: bool.optional(),
    KAFKA_TLS_CA_FILE: z.string().min(1).optional(),
    KAFKA_TLS_CERT_FILE: z.string().min(1).optional(),
    KAFKA_TLS_KEY_FILE: z.string().min(1).optional(),
    KAFKA_TLS_REJECT_UNAUTHORIZED: bool.default(true),
    KAFKA_CONNECTION_TIMEOUT_MS: ms.default(3000),
    KAFKA_REQUEST_TIMEOUT_MS: ms.default(30000),
  })
  .superRefine((env, ctx) => {
    if (env.KAFKA_SASL_MECHANISM && (!env.KAFKA_SASL_USERNAME || !env.KAFKA_SASL_PASSWORD)) {
      ctx.addIssue({ code: 'custom', path: ['KAFKA_SASL_USERNAME'], message: 'KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD are required with KAFKA_SASL_MECHANISM' });
    }
    if (Boolean(env.KAFKA_TLS_CERT_FILE) !== Boolean(env.KAFKA_TLS_KEY_FILE)) {
      ctx.addIssue({ code: 'custom', path: ['KAFKA_TLS_CERT_FILE'], message: 'KAFKA_TLS_CERT_FILE and KAFKA_TLS_KEY_FILE go together' });
    }
  });

export class KafkaConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Invalid Kafka configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'KafkaConfigError';
    this.problems = problems;
  }
}

/** Throws `KafkaConfigError` listing every bad variable. Reads TLS files named by the environment. */
export function kafkaConfigFromEnv(env: Record<string, string | undefined>): KafkaConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new KafkaConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'env'}: ${i.message}`));
  }
  const e = parsed.data;
  const sasl = saslOptions(e.KAFKA_SASL_MECHANISM, e.KAFKA_SASL_USERNAME, e.KAFKA_SASL_PASSWORD);
  const useTls = e.KAFKA_TLS ?? (sasl !== undefined || e.KAFKA_TLS_CA_FILE !== undefined || e.KAFKA_TLS_CERT_FILE !== undefined);
  const config: KafkaConfig = {
    clientId: e.KAFKA_CLIENT_ID,
    brokers: e.KAFKA_BROKERS,
    connectionTimeout: e.KAFKA_CONNECTION_TIMEOUT_MS,
    requestTimeout: e.KAFKA_REQUEST_TIMEOUT_MS,
  };
  if (sasl) config.sasl = sasl;
  if (useTls) {
    const hasFiles = e.KAFKA_TLS_CA_FILE || e.KAFKA_TLS_CERT_FILE || !e.KAFKA_TLS_REJECT_UNAUTHORIZED;
    config.ssl = hasFiles
      ? {
          rejectUnauthorized: e.KAFKA_TLS_REJECT_UNAUTHORIZED,
          ...(e.KAFKA_TLS_CA_FILE ? { ca: [readFileSync(e.KAFKA_TLS_CA_FILE, 'utf8')] } : {}),
          ...(e.KAFKA_TLS_CERT_FILE && e.KAFKA_TLS_KEY_FILE
            ? { cert: readFileSync(e.KAFKA_TLS_CERT_FILE, 'utf8'), key: readFileSync(e.KAFKA_TLS_KEY_FILE, 'utf8') }
            : {}),
        }
      : true;
  }
  return config;
}

function saslOptions(mechanism: string | undefined, username: string | undefined, password: string | undefined): SASLOptions | undefined {
  if (!mechanism || !username || !password) return undefined;
  switch (mechanism) {
    case 'plain':
      return { mechanism: 'plain', username, password };
    case 'scram-sha-256':
      return { mechanism: 'scram-sha-256', username, password };
    default:
      return { mechanism: 'scram-sha-512', username, password };
  }
}
