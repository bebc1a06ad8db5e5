import Redis, { type RedisOptions } from 'ioredis';
import type { BucketState, RateLimitBucket, RateLimiter, RateLimitResult } from './rate-limiter';

/**
 * Token buckets in Redis, shared by every gateway replica and policy service instance: N replicas together hold the
 * limit instead of N × the limit. One Lua script checks and charges all of a request's buckets atomically, with
 * Redis's own clock (no skew between replicas). Keys: `<prefix><bucket key>` hashes {t: tokens, ts: ms}, expiring
 * after an idle minute. For Redis Cluster, give the prefix a hash tag so a request's buckets share a slot.
 *
 * When Redis is unreachable `consume` follows `onError`: `allow` (default: availability over exactness, the error is
 * reported) or `deny`.
 */
const SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local n = #KEYS
local levels = {}
local ok = 1
local retry = 0
for i = 1, n do
  local limit = tonumber(ARGV[2 * i - 1])
  local cost = tonumber(ARGV[2 * i])
  local h = redis.call('HMGET', KEYS[i], 't', 'ts')
  local level = limit
  if h[1] then level = math.min(limit, tonumber(h[1]) + (now - tonumber(h[2])) * limit / 60000) end
  levels[i] = level
  if level < cost then
    ok = 0
    local wait = 60000
    if cost <= limit then wait = math.ceil((cost - level) * 60000 / limit) end
    if wait > retry then retry = wait end
  end
end
local out = { ok, retry }
for i = 1, n do
  local limit = tonumber(ARGV[2 * i - 1])
  local level = levels[i]
  if ok == 1 then
    level = level - tonumber(ARGV[2 * i])
    redis.call('HSET', KEYS[i], 't', tostring(level), 'ts', now)
    redis.call('PEXPIRE', KEYS[i], 61000)
  end
  out[#out + 1] = math.max(0, math.floor(level))
  out[#out + 1] = math.ceil((limit - level) * 60000 / limit)
end
return out
`;

type ScriptRedis = Redis & { ascRateLimit(numKeys: number, ...args: (string | number)[]): Promise<number[]> };

export interface RedisRateLimiterOptions {
  /** `redis://host:port/db` or ioredis options. */
  redis: string | RedisOptions;
  keyPrefix?: string;
  onError?: 'allow' | 'deny';
  reportError?: (error: Error) => void;
}

export class RedisRateLimiter implements RateLimiter {
  private readonly redis: ScriptRedis;
  private readonly prefix: string;
  private readonly onError: 'allow' | 'deny';

  constructor(private readonly options: RedisRateLimiterOptions) {
    const base: RedisOptions = { maxRetriesPerRequest: 1, enableOfflineQueue: true, lazyConnect: false };
    this.redis = (typeof options.redis === 'string' ? new Redis(options.redis, base) : new Redis({ ...base, ...options.redis })) as ScriptRedis;
    this.redis.on('error', (error: Error) => options.reportError?.(error));
    this.redis.defineCommand('ascRateLimit', { lua: SCRIPT });
    this.prefix = options.keyPrefix ?? 'asc:rl:';
    this.onError = options.onError ?? 'allow';
  }

  async consume(buckets: readonly RateLimitBucket[]): Promise<RateLimitResult> {
    if (buckets.length === 0) return { allowed: true, retryAfterMs: 0, buckets: [] };
    const args: (string | number)[] = [];
    for (const b of buckets) args.push(this.prefix + b.key);
    for (const b of buckets) args.push(b.limit, b.cost);
    let reply: number[];
    try {
      reply = await this.redis.ascRateLimit(buckets.length, ...args);
    } catch (error) {
      this.options.reportError?.(error as Error);
      return { allowed: this.onError === 'allow', retryAfterMs: this.onError === 'allow' ? 0 : 1000, buckets: [] };
    }
    const states: BucketState[] = buckets.map((b, i) => ({
      scope: b.scope,
      dimension: b.dimension,
      limit: b.limit,
      remaining: reply[2 + 2 * i]!,
      resetMs: reply[3 + 2 * i]!,
    }));
    return { allowed: reply[0] === 1, retryAfterMs: reply[1]!, buckets: states };
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
