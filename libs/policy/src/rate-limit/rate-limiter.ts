/**
 * Rate limiting: token buckets per minute, per tenant and per key, in requests and in tokens. A request charges
 * every bucket that applies, all or nothing. Implementations: `MemoryRateLimiter` (one process) and
 * `RedisRateLimiter` (`@asc/policy/redis`, shared by every gateway replica, so limits do not multiply).
 */
export type RateLimitScope = 'tenant' | 'key';
export type RateLimitDimension = 'requests' | 'tokens';

export interface RateLimitBucket {
  /** Store key, e.g. `t:<tenantId>:requests`. */
  key: string;
  scope: RateLimitScope;
  dimension: RateLimitDimension;
  /** Capacity, refilled evenly over a minute. */
  limit: number;
  cost: number;
}

export interface BucketState {
  scope: RateLimitScope;
  dimension: RateLimitDimension;
  limit: number;
  remaining: number;
  /** Until the bucket is full again. */
  resetMs: number;
}

export interface RateLimitResult {
  allowed: boolean;
  /** When denied: how long until every bucket could take this request. */
  retryAfterMs: number;
  buckets: BucketState[];
}

export interface RateLimiter {
  consume(buckets: readonly RateLimitBucket[]): Promise<RateLimitResult>;
  close(): Promise<void>;
}

export const WINDOW_MS = 60_000;

/** Bucket keys of a request: tenant buckets are shared by all its keys. */
export function bucketKey(scope: RateLimitScope, id: string, dimension: RateLimitDimension): string {
  return `${scope === 'tenant' ? 't' : 'k'}:${id}:${dimension === 'requests' ? 'r' : 'k'}`;
}

/**
 * The standard response headers for a decision (OpenAI's `x-ratelimit-*` names; the tightest bucket of each
 * dimension wins), plus `retry-after` in whole seconds when the rate limit denied it.
 */
export function rateLimitHeaders(decision: {
  retryAfterMs: number;
  rateLimits: readonly { dimension: string; limit: number; remaining: number; resetMs: number }[];
}): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const dimension of ['requests', 'tokens'] as const) {
    let tightest: { limit: number; remaining: number; resetMs: number } | undefined;
    for (const bucket of decision.rateLimits) {
      if (bucket.dimension === dimension && (tightest === undefined || bucket.remaining < tightest.remaining)) tightest = bucket;
    }
    if (!tightest) continue;
    headers[`x-ratelimit-limit-${dimension}`] = String(tightest.limit);
    headers[`x-ratelimit-remaining-${dimension}`] = String(tightest.remaining);
    headers[`x-ratelimit-reset-${dimension}`] = `${Math.ceil(tightest.resetMs / 1000)}s`;
  }
  if (decision.retryAfterMs > 0) headers['retry-after'] = String(Math.max(1, Math.ceil(decision.retryAfterMs / 1000)));
  return headers;
}
