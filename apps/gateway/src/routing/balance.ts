import type { RouteCandidate } from '../config-snapshot/snapshot';
import type { BalanceStrategy } from './routing-policy';

/**
 * Orders equivalent deployments (same priority) for one request: weighted random order (each deployment's chance
 * to go first is proportional to its weight), or fewest requests in flight first. Different priorities never mix:
 * priority 0 is always tried before priority 1.
 */
export function balance(candidates: readonly RouteCandidate[], strategy: BalanceStrategy, inFlight: (id: string) => number, random: () => number = Math.random): RouteCandidate[] {
  if (candidates.length <= 1) return [...candidates];
  const out: RouteCandidate[] = [];
  let i = 0;
  while (i < candidates.length) {
    let j = i + 1;
    while (j < candidates.length && candidates[j]!.priority === candidates[i]!.priority) j++;
    const group = candidates.slice(i, j);
    out.push(...(group.length === 1 ? group : strategy === 'least-outstanding' ? leastOutstanding(group, inFlight) : weightedOrder(group, random)));
    i = j;
  }
  return out;
}

function leastOutstanding(group: RouteCandidate[], inFlight: (id: string) => number): RouteCandidate[] {
  return group
    .map((c, index) => ({ c, index, load: inFlight(c.deploymentId) / Math.max(1, c.weight) }))
    .sort((a, b) => a.load - b.load || a.index - b.index)
    .map((x) => x.c);
}

/** Weighted sampling without replacement (Efraimidis–Spirakis keys). */
function weightedOrder(group: RouteCandidate[], random: () => number): RouteCandidate[] {
  return group
    .map((c) => ({ c, key: c.weight > 0 ? Math.pow(random(), 1 / c.weight) : -1 }))
    .sort((a, b) => b.key - a.key)
    .map((x) => x.c);
}
