import { describe, expect, it } from 'vitest';
import { ConfigError, loadAuditConfig } from './index';

const valid = {
  DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/asc',
  ASC_KEY_HASH_SECRET: 'x'.repeat(32),
  ASC_ADMIN_TOKEN: 'a'.repeat(24),
  ASC_AUDIT_SIGNING_KEY: Buffer.alloc(32, 1).toString('base64'),
  KAFKA_BROKERS: '127.0.0.1:9092',
  KAFKA_CLIENT_ID: 'audit',
};

describe('loadAuditConfig', () => {
  it('applies defaults and keeps the Kafka variables for kafkaConfigFromEnv', () => {
    const config = loadAuditConfig(valid);
    expect(config).toMatchObject({ ASC_AUDIT_PORT: 8083, ASC_AUDIT_CHECKPOINT_EVERY: 1000, ASC_AUDIT_INGEST_ENABLED: true, ASC_AUDIT_TRUSTED_PUBLIC_KEYS: [] });
    expect(config.KAFKA_BROKERS).toEqual(['127.0.0.1:9092']);
    expect(config.kafkaEnv).toEqual({ KAFKA_BROKERS: '127.0.0.1:9092', KAFKA_CLIENT_ID: 'audit' });
  });

  it('splits trusted public keys on semicolons (PEM blocks contain newlines, not semicolons)', () => {
    expect(loadAuditConfig({ ...valid, ASC_AUDIT_TRUSTED_PUBLIC_KEYS: ' a ; b;' }).ASC_AUDIT_TRUSTED_PUBLIC_KEYS).toEqual(['a', 'b']);
  });

  it('lists every bad variable at once', () => {
    try {
      loadAuditConfig({ ASC_AUDIT_PORT: 'x', ASC_AUDIT_CHECKPOINT_EVERY: '1.5' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      for (const name of ['ASC_AUDIT_PORT', 'ASC_AUDIT_CHECKPOINT_EVERY', 'DATABASE_URL', 'ASC_KEY_HASH_SECRET', 'ASC_ADMIN_TOKEN', 'ASC_AUDIT_SIGNING_KEY']) {
        expect(problems).toContain(name);
      }
    }
  });
});
