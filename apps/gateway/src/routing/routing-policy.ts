/**
 * How a tenant's requests for one model alias are routed when things go wrong. Stored in Postgres per tenant and
 * alias (platform defaults when absent); compiled into the config snapshot, so reading it costs nothing per request.
 */
export type FallbackCondition = 'rate_limited' | 'server_error' | 'connect_error' | 'timeout' | 'ttft_timeout';

export const FALLBACK_CONDITIONS: readonly FallbackCondition[] = ['rate_limited', 'server_error', 'connect_error', 'timeout', 'ttft_timeout'];

export type BalanceStrategy = 'weighted' | 'least-outstanding';

export interface RoutingPolicy {
  /** Further model aliases tried after the alias's own deployments, in order (still subject to residency and approval). */
  fallbackModels: readonly string[];
  /** Which failures move on to the next attempt; anything else (e.g. a 400) is final. */
  fallbackOn: ReadonlySet<FallbackCondition>;
  /** Extra attempts on the same deployment before moving on (backoff with jitter, honouring `retry-after`). */
  maxRetries: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /** Streams: give up on an attempt whose first token has not arrived by then (only before anything reached the client). */
  ttftDeadlineMs: number | undefined;
  /** Deadline of the whole request across attempts, before the first byte reached the client. */
  totalDeadlineMs: number;
  strategy: BalanceStrategy;
}

export const DEFAULT_ROUTING_POLICY: RoutingPolicy = {
  fallbackModels: [],
  fallbackOn: new Set(FALLBACK_CONDITIONS),
  maxRetries: 0,
  retryBaseMs: 200,
  retryMaxMs: 5_000,
  ttftDeadlineMs: undefined,
  totalDeadlineMs: 120_000,
  strategy: 'weighted',
};
