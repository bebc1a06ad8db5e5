import { describe, expect, it } from 'vitest';
import { ConfigError, loadGatewayConfig } from './index';

const valid = {
  DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/asc',
  ASC_KEY_HASH_SECRET: 'x'.repeat(32),
  ASC_MASTER_KEYS: 'k1:' + Buffer.alloc(32, 1).toString('base64'),
  ASC_ADMIN_TOKEN: 'a'.repeat(24),
};

describe('loadGatewayConfig', () => {
  it('applies defaults', () => {
    const config = loadGatewayConfig(valid);
    expect(config.ASC_GATEWAY_PORT).toBe(8080);
    expect(config.KAFKA_BROKERS).toEqual([]);
  });

  it('lists every bad variable at once', () => {
    try {
      loadGatewayConfig({ ASC_GATEWAY_PORT: 'eighty' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      for (const name of ['ASC_GATEWAY_PORT', 'DATABASE_URL', 'ASC_KEY_HASH_SECRET', 'ASC_MASTER_KEYS', 'ASC_ADMIN_TOKEN']) {
        expect(problems).toContain(name);
      }
    }
  });

  it('ships events in-process unless told external, and refuses anything else', () => {
    expect(loadGatewayConfig(valid).ASC_EVENT_SHIPPER).toBe('in-process');
    expect(loadGatewayConfig({ ...valid, ASC_EVENT_SHIPPER: 'external' }).ASC_EVENT_SHIPPER).toBe('external');
    expect(() => loadGatewayConfig({ ...valid, ASC_EVENT_SHIPPER: 'sidecar' })).toThrow(/ASC_EVENT_SHIPPER/);
  });

  it('decides policy locally unless told remote, and refuses anything else', () => {
    expect(loadGatewayConfig(valid)).toMatchObject({ ASC_POLICY_DECISIONS: 'local', ASC_POLICY_CHECK_TIMEOUT_MS: 2000 });
    expect(loadGatewayConfig({ ...valid, ASC_POLICY_DECISIONS: 'remote' }).ASC_POLICY_DECISIONS).toBe('remote');
    expect(() => loadGatewayConfig({ ...valid, ASC_POLICY_DECISIONS: 'central' })).toThrow(/ASC_POLICY_DECISIONS/);
  });

  it('parses broker lists', () => {
    expect(loadGatewayConfig({ ...valid, KAFKA_BROKERS: 'a:9092, b:9092' }).KAFKA_BROKERS).toEqual(['a:9092', 'b:9092']);
  });
});
