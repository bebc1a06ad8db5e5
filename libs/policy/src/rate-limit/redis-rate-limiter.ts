import Redis, { type RedisOptions } from 'ioredis';
import type { BucketState, RateLimitBucket, RateLimiter, RateLimitResult } from './rate-limiter';

/**
 * Token buckets in Redis, shared by every gateway replica and policy service instance: N replicas together hold the
 * limit instead of N × the limit. One Lua script checks and charges all of a request's buckets atomically, with
 * Redis's own clock (no skew between replicas). Keys: `<prefix><bucket key>` hashes {t: tokens, ts: ms}, expiring
 * after an idle minute. For Redis Cluster, give the prefix a hash tag so all buckets share a slot.
 *
 * Requests are batched: those that arrive while a script call is in flight (or in the same event-loop turn) go to
 * Redis as the next script call, which charges them one after the other, each all-or-nothing as before. Under load
 * that is one round trip and one command's client-side cost per batch, not per request; when idle, no added wait.
 *
 * When Redis is unreachable `consume` follows `onError`: `allow` (default: availability over exactness, the error is
 * reported) or `deny`.
 */
// ARGV: for each request, its bucket count n, then n pairs (limit, cost); KEYS: the requests' bucket keys in order.
// Returns, for each request: ok, retry, then n pairs (remaining, reset ms).
const SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local out = {}
local k = 0
local a = 1
while a <= #ARGV do
  local n = tonumber(ARGV[a])
  local levels = {}
  local ok = 1
  local retry = 0
  for i = 1, n do
    local limit = tonumber(ARGV[a + 2 * i - 1])
    local cost = tonumber(ARGV[a + 2 * i])
    local h = redis.call('HMGET', KEYS[k + i], 't', 'ts')
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
  out[#out + 1] = ok
  out[#out + 1] = retry
  for i = 1, n do
    local limit = tonumber(ARGV[a + 2 * i - 1])
    local level = levels[i]
    if ok == 1 then
      level = level - tonumber(ARGV[a + 2 * i])
      redis.call('HSET', KEYS[k + i], 't', tostring(level), 'ts', now)
      redis.call('PEXPIRE', KEYS[k + i], 61000)
    end
    out[#out + 1] = math.max(0, math.floor(level))
    out[#out + 1] = math.ceil((limit - level) * 60000 / limit)
  end
  k = k + n
  a = a + 1 + 2 * n
end
return out
`;

interface Pending {
  buckets: readonly RateLimitBucket[];
  resolve: (result: RateLimitResult) => void;
}

/** Requests per script call at most, so one call stays short inside Redis. */
const MAX_BATCH = 256;

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
  private pending: Pending[] = [];
  private flushScheduled = false;
  private inFlight = false;

  constructor(private readonly options: RedisRateLimiterOptions) {
    const base: RedisOptions = { maxRetriesPerRequest: 1, enableOfflineQueue: true, lazyConnect: false };
    this.redis = (typeof options.redis === 'string' ? new Redis(options.redis, base) : new Redis({ ...base, ...options.redis })) as ScriptRedis;
    this.redis.on('error', (error: Error) => options.reportError?.(error));
    this.redis.defineCommand('ascRateLimit', { lua: SCRIPT });
    this.prefix = options.keyPrefix ?? 'asc:rl:';
    this.onError = options.onError ?? 'allow';
  }

  consume(buckets: readonly RateLimitBucket[]): Promise<RateLimitResult> {
    if (buckets.length === 0) return Promise.resolve({ allowed: true, retryAfterMs: 0, buckets: [] });
    return new Promise((resolve) => {
      this.pending.push({ buckets, resolve });
      this.scheduleFlush();
    });
  }

  /** At most one script call in flight: requests arriving meanwhile wait for it and go together in the next one. */
  private scheduleFlush(): void {
    if (this.flushScheduled || this.inFlight) return;
    this.flushScheduled = true;
    setImmediate(this.flush);
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    const batch = this.pending.length <= MAX_BATCH ? this.pending : this.pending.slice(0, MAX_BATCH);
    this.pending = this.pending.length <= MAX_BATCH ? [] : this.pending.slice(MAX_BATCH);
    this.inFlight = true;
    void this.send(batch).finally(() => {
      this.inFlight = false;
      if (this.pending.length > 0) this.scheduleFlush();
    });
  };

  private async send(batch: readonly Pending[]): Promise<void> {
    const keys: string[] = [];
    const args: number[] = [];
    for (const { buckets } of batch) {
      args.push(buckets.length);
      for (const b of buckets) {
        keys.push(this.prefix + b.key);
        args.push(b.limit, b.cost);
      }
    }
    let reply: number[];
    try {
      reply = await this.redis.ascRateLimit(keys.length, ...keys, ...args);
    } catch (error) {
      this.options.reportError?.(error as Error);
      for (const { resolve } of batch) resolve({ allowed: this.onError === 'allow', retryAfterMs: this.onError === 'allow' ? 0 : 1000, buckets: [] });
      return;
    }
    let at = 0;
    for (const { buckets, resolve } of batch) {
      const allowed = reply[at] === 1;
      const retryAfterMs = reply[at + 1]!;
      const states: BucketState[] = [];
      for (let i = 0; i < buckets.length; i++) {
        const b = buckets[i]!;
        states.push({ scope: b.scope, dimension: b.dimension, limit: b.limit, remaining: reply[at + 2 + 2 * i]!, resetMs: reply[at + 3 + 2 * i]! });
      }
      at += 2 + 2 * buckets.length;
      resolve({ allowed, retryAfterMs, buckets: states });
    }
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
