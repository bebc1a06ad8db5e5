import { ModelNotFoundError, InvalidRequestError } from '@asc/errors';
import type { Principal } from '../auth/principal';
import type { Operation, RouteCandidate } from '../config-snapshot/snapshot';
import { DEFAULT_ROUTING_POLICY, type RoutingPolicy } from './routing-policy';

export interface ResolvedRoute {
  /** The alias's deployments first, then those of its fallback models; each deployment once. */
  candidates: readonly RouteCandidate[];
  policy: RoutingPolicy;
}

/**
 * Model name (alias or `provider/upstream-model`) → the tenant's deployment candidates for an operation and the
 * routing policy that applies. Unknown names and models the tenant may not use get the same 404, so callers cannot
 * probe which models other tenants have. Fallback models come from the same per-tenant map, so they can never
 * reach a deployment the tenant may not use.
 */
export function resolveRoute(principal: Principal, model: string, operation: Operation): ResolvedRoute {
  const own = principal.models.byName.get(model);
  if (own === undefined || own.length === 0) throw new ModelNotFoundError(model);
  const policy = principal.models.routing.get(model) ?? DEFAULT_ROUTING_POLICY;
  let candidates = own.filter((c) => c.operations.includes(operation));
  if (candidates.length === 0) {
    throw new InvalidRequestError({ message: `The model '${model}' does not support ${operation === 'chat' ? 'chat completions' : 'embeddings'}.`, param: 'model' });
  }
  if (policy.fallbackModels.length > 0) {
    const seen = new Set(candidates.map((c) => c.deploymentId));
    // Each fallback model forms its own priority groups, after the alias's own deployments and in policy order.
    let offset = Math.max(...candidates.map((c) => c.priority)) + 1;
    const extra: RouteCandidate[] = [];
    for (const fallback of policy.fallbackModels) {
      const usable = (principal.models.byName.get(fallback) ?? []).filter((c) => c.operations.includes(operation) && !seen.has(c.deploymentId));
      if (usable.length === 0) continue;
      const base = Math.min(...usable.map((c) => c.priority));
      for (const c of usable) {
        seen.add(c.deploymentId);
        extra.push({ ...c, priority: offset + c.priority - base });
      }
      offset = Math.max(...extra.map((c) => c.priority)) + 1;
    }
    candidates = [...candidates, ...extra];
  }
  return { candidates, policy };
}
