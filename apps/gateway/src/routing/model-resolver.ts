import { ModelNotFoundError, InvalidRequestError } from '@asc/errors';
import type { Principal } from '../auth/principal';
import type { Operation, RouteCandidate } from '../config-snapshot/snapshot';

/**
 * Model name (alias or `provider/upstream-model`) → the tenant's deployment candidates for an operation, in
 * priority order. Unknown names and models the tenant may not use get the same 404, so callers cannot probe
 * which models other tenants have.
 */
export function resolveCandidates(principal: Principal, model: string, operation: Operation): readonly RouteCandidate[] {
  const candidates = principal.models.byName.get(model);
  if (candidates === undefined || candidates.length === 0) throw new ModelNotFoundError(model);
  const usable = candidates.filter((c) => c.operations.includes(operation));
  if (usable.length === 0) {
    throw new InvalidRequestError({ message: `The model '${model}' does not support ${operation === 'chat' ? 'chat completions' : 'embeddings'}.`, param: 'model' });
  }
  return usable;
}
