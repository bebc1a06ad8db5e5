export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

/** Exponential backoff with full jitter in [delay/2, delay]. */
export function backoffDelay(attempt: number, { initialMs, maxMs }: BackoffOptions): number {
  const delay = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(delay / 2 + (Math.random() * delay) / 2);
}

/** Sleeps `ms`, or less when `signal` aborts. Never rejects. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
