/**
 * Per-deployment circuit breaker, shared by all tenants (a provider region that is down is down for everyone).
 *
 * Closed: counts outcomes in a rolling window; opens when the window has at least `minRequests` and the failure
 * ratio reaches `failureRatio`, or when `consecutiveFailures` failures happen in a row. Open: refuses attempts for
 * `openMs`. Half-open: lets `halfOpenProbes` attempts through; a success closes it, a failure opens it again.
 * Slow successes (over `slowCallMs`) count as failures, so a deployment that answers too slowly is avoided too.
 * Single-threaded by design (Node's event loop); no locking.
 */
export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  windowMs: number;
  minRequests: number;
  failureRatio: number;
  consecutiveFailures: number;
  openMs: number;
  halfOpenProbes: number;
  slowCallMs: number;
}

export const DEFAULT_BREAKER_OPTIONS: CircuitBreakerOptions = {
  windowMs: 30_000,
  minRequests: 10,
  failureRatio: 0.5,
  consecutiveFailures: 5,
  openMs: 10_000,
  halfOpenProbes: 1,
  slowCallMs: 60_000,
};

const BUCKETS = 10;

export class CircuitBreaker {
  private state: CircuitState = 'closed';
  private openedAt = 0;
  private probesInFlight = 0;
  private consecutive = 0;
  private readonly successes = new Uint32Array(BUCKETS);
  private readonly failures = new Uint32Array(BUCKETS);
  private bucketStart = 0;
  private bucket = 0;
  private lastChangeAt: number;

  constructor(
    private readonly options: CircuitBreakerOptions = DEFAULT_BREAKER_OPTIONS,
    private readonly now: () => number = Date.now,
  ) {
    this.lastChangeAt = now();
  }

  /** Whether an attempt may go to this deployment now; reserves a probe slot when half-open. */
  tryAcquire(): boolean {
    if (this.state === 'closed') return true;
    if (this.state === 'open') {
      if (this.now() - this.openedAt < this.options.openMs) return false;
      this.transition('half-open');
    }
    if (this.probesInFlight >= this.options.halfOpenProbes) return false;
    this.probesInFlight++;
    return true;
  }

  record(outcome: { ok: boolean; latencyMs?: number }): void {
    const failed = !outcome.ok || (outcome.latencyMs ?? 0) > this.options.slowCallMs;
    if (this.state === 'half-open') {
      this.probesInFlight = Math.max(0, this.probesInFlight - 1);
      if (failed) this.open();
      else this.transition('closed');
      return;
    }
    this.rotate();
    if (failed) {
      this.failures[this.bucket]!++;
      this.consecutive++;
    } else {
      this.successes[this.bucket]!++;
      this.consecutive = 0;
    }
    if (this.state === 'closed' && failed && this.shouldOpen()) this.open();
  }

  /** A reserved attempt that never reached the deployment (e.g. the client left first). */
  release(): void {
    if (this.state === 'half-open') this.probesInFlight = Math.max(0, this.probesInFlight - 1);
  }

  snapshot(): { state: CircuitState; since: string; failures: number; successes: number; consecutiveFailures: number } {
    if (this.state === 'open' && this.now() - this.openedAt >= this.options.openMs) this.transition('half-open');
    this.rotate();
    return {
      state: this.state,
      since: new Date(this.lastChangeAt).toISOString(),
      failures: sum(this.failures),
      successes: sum(this.successes),
      consecutiveFailures: this.consecutive,
    };
  }

  private shouldOpen(): boolean {
    if (this.consecutive >= this.options.consecutiveFailures) return true;
    const failures = sum(this.failures);
    const total = failures + sum(this.successes);
    return total >= this.options.minRequests && failures / total >= this.options.failureRatio;
  }

  private open(): void {
    this.openedAt = this.now();
    this.probesInFlight = 0;
    this.transition('open');
  }

  private transition(state: CircuitState): void {
    if (state === this.state) return;
    this.state = state;
    this.lastChangeAt = this.now();
    if (state === 'closed') {
      this.successes.fill(0);
      this.failures.fill(0);
      this.consecutive = 0;
    }
  }

  /** Advances the rolling window, clearing buckets that fell out of it. */
  private rotate(): void {
    const width = this.options.windowMs / BUCKETS;
    const now = this.now();
    if (this.bucketStart === 0) this.bucketStart = now;
    let steps = Math.floor((now - this.bucketStart) / width);
    if (steps <= 0) return;
    this.bucketStart += steps * width;
    if (steps > BUCKETS) steps = BUCKETS;
    for (let i = 0; i < steps; i++) {
      this.bucket = (this.bucket + 1) % BUCKETS;
      this.successes[this.bucket] = 0;
      this.failures[this.bucket] = 0;
    }
  }
}

function sum(values: Uint32Array): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
