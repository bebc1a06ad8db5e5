import { describe, expect, it } from 'vitest';
import { ConfigError, loadPolicyConfig } from './index';

describe('loadPolicyConfig', () => {
  it('applies defaults', () => {
    const config = loadPolicyConfig({ DATABASE_URL: 'postgresql://x/y', ASC_ADMIN_TOKEN: 'a'.repeat(24) });
    expect(config.REDIS_URL).toBeUndefined();
    expect(config).toMatchObject({ ASC_POLICY_GRPC_PORT: 50051, ASC_POLICY_HTTP_PORT: 8091, ASC_SPOOL_FULL_POLICY: 'shed', ASC_POLICY_AUDIT_DECISIONS: true, KAFKA_BROKERS: [] });
  });

  it('lists every bad variable at once', () => {
    try {
      loadPolicyConfig({ ASC_POLICY_GRPC_PORT: 'x', REDIS_URL: 'http://nope' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems.map((p) => p.split(':')[0])).toEqual(['ASC_POLICY_GRPC_PORT', 'DATABASE_URL', 'ASC_ADMIN_TOKEN', 'REDIS_URL']);
    }
  });
});
