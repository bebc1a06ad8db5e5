import { WINDOW_MS, type BucketState, type RateLimitBucket, type RateLimiter, type RateLimitResult } from './rate-limiter';

interface Bucket {
  tokens: number;
  atMs: number;
}

/**
 * Token buckets in this process's memory: right for one replica (or a dev box). Same algorithm as the Redis
 * limiter's script. Synchronous inside; not shared across processes.
 */
export class MemoryRateLimiter implements RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly now: () => number;

  constructor(options: { now?: () => number } = {}) {
    this.now = options.now ?? Date.now;
  }

  consume(requested: readonly RateLimitBucket[]): Promise<RateLimitResult> {
    return Promise.resolve(this.consumeSync(requested));
  }

  consumeSync(requested: readonly RateLimitBucket[]): RateLimitResult {
    const now = this.now();
    if (this.buckets.size > 100_000) this.prune(now);
    let allowed = true;
    let retryAfterMs = 0;
    const stored: (Bucket | undefined)[] = [];
    const levels: number[] = [];
    for (const b of requested) {
      const bucket = this.buckets.get(b.key);
      const level = bucket === undefined ? b.limit : Math.min(b.limit, bucket.tokens + ((now - bucket.atMs) * b.limit) / WINDOW_MS);
      stored.push(bucket);
      levels.push(level);
      if (level < b.cost) {
        allowed = false;
        retryAfterMs = Math.max(retryAfterMs, b.cost > b.limit ? WINDOW_MS : Math.ceil(((b.cost - level) * WINDOW_MS) / b.limit));
      }
    }
    const states: BucketState[] = [];
    for (let i = 0; i < requested.length; i++) {
      const b = requested[i]!;
      let level = levels[i]!;
      if (allowed) {
        level -= b.cost;
        const bucket = stored[i];
        if (bucket === undefined) this.buckets.set(b.key, { tokens: level, atMs: now });
        else {
          bucket.tokens = level;
          bucket.atMs = now;
        }
      }
      states.push({ scope: b.scope, dimension: b.dimension, limit: b.limit, remaining: Math.max(0, Math.floor(level)), resetMs: Math.ceil(((b.limit - level) * WINDOW_MS) / b.limit) });
    }
    return { allowed, retryAfterMs, buckets: states };
  }

  async close(): Promise<void> {
    this.buckets.clear();
  }

  /** Buckets idle for a full window are full again: forgetting them changes nothing. */
  private prune(now: number): void {
    for (const [key, bucket] of this.buckets) if (now - bucket.atMs >= WINDOW_MS) this.buckets.delete(key);
  }
}
