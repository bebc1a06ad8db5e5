/** Milliseconds since `startedAt` (a `performance.now()` reading), two decimals. */
export function elapsedMs(startedAt: number): number {
  return Math.round((performance.now() - startedAt) * 100) / 100;
}
