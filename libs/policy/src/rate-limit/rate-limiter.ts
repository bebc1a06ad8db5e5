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
  // Runs on every gateway request: one pass, no intermediate arrays.
  let requests: { limit: number; remaining: number; resetMs: number } | undefined;
  let tokens: { limit: number; remaining: number; resetMs: number } | undefined;
  for (const bucket of decision.rateLimits) {
    if (bucket.dimension === 'requests') {
      if (requests === undefined || bucket.remaining < requests.remaining) requests = bucket;
    } else if (bucket.dimension === 'tokens' && (tokens === undefined || bucket.remaining < tokens.remaining)) tokens = bucket;
  }
  const headers: Record<string, string> = {};
  if (requests !== undefined) {
    headers['x-ratelimit-limit-requests'] = String(requests.limit);
    headers['x-ratelimit-remaining-requests'] = String(requests.remaining);
    headers['x-ratelimit-reset-requests'] = `${Math.ceil(requests.resetMs / 1000)}s`;
  }
  if (tokens !== undefined) {
    headers['x-ratelimit-limit-tokens'] = String(tokens.limit);
    headers['x-ratelimit-remaining-tokens'] = String(tokens.remaining);
    headers['x-ratelimit-reset-tokens'] = `${Math.ceil(tokens.resetMs / 1000)}s`;
  }
  if (decision.retryAfterMs > 0) headers['retry-after'] = String(Math.max(1, Math.ceil(decision.retryAfterMs / 1000)));
  return headers;
}
