import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { RedisRateLimiter } from './redis-rate-limiter';
import { bucketKey, type RateLimitBucket } from './rate-limiter';

const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

describe('RedisRateLimiter', () => {
  const prefix = `asc:test:${randomUUID()}:`;
  const a = new RedisRateLimiter({ redis: REDIS_URL, keyPrefix: prefix });
  const b = new RedisRateLimiter({ redis: REDIS_URL, keyPrefix: prefix });
  afterAll(async () => {
    await Promise.all([a.close(), b.close()]);
  });

  const tenant = (limit: number): RateLimitBucket => ({ key: bucketKey('tenant', 't1', 'requests'), scope: 'tenant', dimension: 'requests', limit, cost: 1 });

  it('two limiter instances (two replicas) together hold one limit', async () => {
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? a : b).consume([tenant(10)])));
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
    const denied = results.find((r) => !r.allowed)!;
    expect(denied.retryAfterMs).toBeGreaterThan(0);
    expect(denied.retryAfterMs).toBeLessThanOrEqual(6000);
    expect(denied.buckets[0]).toMatchObject({ scope: 'tenant', dimension: 'requests', limit: 10, remaining: 0 });
  });

  it('charges all buckets of a request or none', async () => {
    const key: RateLimitBucket = { key: bucketKey('key', 'k1', 'tokens'), scope: 'key', dimension: 'tokens', limit: 100, cost: 80 };
    const roomy: RateLimitBucket = { key: bucketKey('tenant', 't2', 'tokens'), scope: 'tenant', dimension: 'tokens', limit: 1000, cost: 80 };
    expect((await a.consume([roomy, key])).allowed).toBe(true);
    const second = await b.consume([roomy, key]);
    expect(second.allowed).toBe(false);
    // The tenant bucket was not charged by the denied request: 920 left, not 840.
    expect(second.buckets.map((s) => s.remaining)).toEqual([920, 20]);
  });

  it('charges the requests of one event-loop turn in order, each on its own, across more than one script call', async () => {
    const shared: RateLimitBucket = { key: bucketKey('tenant', 't3', 'requests'), scope: 'tenant', dimension: 'requests', limit: 250, cost: 1 };
    const tooBig: RateLimitBucket = { key: bucketKey('key', 'k3', 'tokens'), scope: 'key', dimension: 'tokens', limit: 100, cost: 500 };
    // 300 requests in one turn (two script calls of at most 256); every tenth also asks for more tokens than its key allows.
    const results = await Promise.all(Array.from({ length: 300 }, (_, i) => a.consume(i % 10 === 0 ? [shared, tooBig] : [shared])));
    const denied = results.filter((r) => !r.allowed);
    // The 30 oversize requests are denied without charging the shared bucket, so 250 of the 270 others get through.
    expect(results.filter((r, i) => i % 10 === 0 && r.allowed)).toHaveLength(0);
    expect(denied).toHaveLength(30 + 20);
    expect(results.filter((r) => r.allowed).map((r) => r.buckets[0]!.remaining).sort((x, y) => x - y)[0]).toBe(0);
    expect(denied.find((r) => r.buckets.length === 2)!.buckets[1]).toMatchObject({ scope: 'key', dimension: 'tokens', limit: 100, remaining: 100 });
  });

  it('follows onError when Redis is unreachable', async () => {
    const down = new RedisRateLimiter({ redis: { host: '127.0.0.1', port: 1, retryStrategy: () => null, enableOfflineQueue: false }, onError: 'deny' });
    const result = await down.consume([tenant(10)]);
    expect(result.allowed).toBe(false);
    await down.close();
  });
});
