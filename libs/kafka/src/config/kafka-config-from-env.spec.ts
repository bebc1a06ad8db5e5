import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KafkaConfigError, kafkaConfigFromEnv } from './kafka-config-from-env';

describe('kafkaConfigFromEnv', () => {
  it('builds a plain local config with defaults', () => {
    expect(kafkaConfigFromEnv({ KAFKA_BROKERS: '127.0.0.1:9092, other:9093' })).toEqual({
      clientId: 'asc',
      brokers: ['127.0.0.1:9092', 'other:9093'],
      connectionTimeout: 3000,
      requestTimeout: 30000,
    });
  });

  it('uses SASL/SCRAM with TLS for managed clusters', () => {
    const config = kafkaConfigFromEnv({
      KAFKA_BROKERS: 'b-1.msk.amazonaws.com:9096',
      KAFKA_CLIENT_ID: 'gateway',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'asc',
      KAFKA_SASL_PASSWORD: 'pw',
      KAFKA_REQUEST_TIMEOUT_MS: '10000',
    });
    expect(config).toMatchObject({ clientId: 'gateway', ssl: true, requestTimeout: 10000, sasl: { mechanism: 'scram-sha-512', username: 'asc' } });
  });

  it('reads a private CA and client certificate for Strimzi mTLS', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'asc-kcfg-'));
    try {
      await writeFile(join(dir, 'ca.pem'), 'CA');
      await writeFile(join(dir, 'c.pem'), 'CERT');
      await writeFile(join(dir, 'k.pem'), 'KEY');
      const config = kafkaConfigFromEnv({
        KAFKA_BROKERS: 'kafka-bootstrap:9093',
        KAFKA_TLS_CA_FILE: join(dir, 'ca.pem'),
        KAFKA_TLS_CERT_FILE: join(dir, 'c.pem'),
        KAFKA_TLS_KEY_FILE: join(dir, 'k.pem'),
      });
      expect(config.ssl).toEqual({ rejectUnauthorized: true, ca: ['CA'], cert: 'CERT', key: 'KEY' });
      expect(config.sasl).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('lists every bad variable at once', () => {
    let error: unknown;
    try {
      kafkaConfigFromEnv({ KAFKA_BROKERS: 'nohost', KAFKA_SASL_MECHANISM: 'gssapi', KAFKA_CONNECTION_TIMEOUT_MS: '-5' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(KafkaConfigError);
    const problems = (error as KafkaConfigError).problems.join('\n');
    expect(problems).toMatch(/KAFKA_BROKERS/);
    expect(problems).toMatch(/KAFKA_SASL_MECHANISM/);
    expect(problems).toMatch(/KAFKA_CONNECTION_TIMEOUT_MS/);
  });
});
