import { describe, expect, it } from 'vitest';
import { ConfigError, loadMeteringConfig } from './index';

const valid = {
  DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/asc',
  ASC_KEY_HASH_SECRET: 'x'.repeat(32),
  ASC_MASTER_KEYS: 'k1:' + Buffer.alloc(32, 1).toString('base64'),
  ASC_ADMIN_TOKEN: 'a'.repeat(24),
  KAFKA_BROKERS: '127.0.0.1:9092',
};

describe('loadMeteringConfig', () => {
  it('applies defaults and keeps the Kafka variables', () => {
    const config = loadMeteringConfig(valid);
    expect(config.ASC_METERING_PORT).toBe(8090);
    expect(config.ASC_METERING_GROUP_ID).toBe('asc-metering');
    expect(config.KAFKA_BROKERS).toEqual(['127.0.0.1:9092']);
    expect(config.kafkaEnv).toEqual({ KAFKA_BROKERS: '127.0.0.1:9092' });
  });

  it('lists every bad variable at once', () => {
    try {
      loadMeteringConfig({ ASC_METERING_PORT: 'x' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      for (const name of ['ASC_METERING_PORT', 'DATABASE_URL', 'ASC_ADMIN_TOKEN', 'ASC_KEY_HASH_SECRET', 'ASC_MASTER_KEYS', 'KAFKA_BROKERS']) expect(problems).toContain(name);
    }
  });
});
