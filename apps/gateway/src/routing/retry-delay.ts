/**
 * Delay before retrying the same deployment: exponential backoff with full jitter, but never less than what the
 * provider asked for in `retry-after` (seconds or an HTTP date).
 */
export function retryDelayMs(args: { attempt: number; baseMs: number; maxMs: number; retryAfter: string | string[] | undefined; random?: () => number; nowMs?: number }): number {
  const random = args.random ?? Math.random;
  const ceiling = Math.min(args.maxMs, args.baseMs * 2 ** args.attempt);
  const jittered = Math.round(random() * ceiling);
  const asked = retryAfterMs(args.retryAfter, args.nowMs ?? Date.now());
  return asked === undefined ? jittered : Math.max(asked, jittered);
}

export function retryAfterMs(header: string | string[] | undefined, nowMs: number): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
