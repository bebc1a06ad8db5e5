import type { CheckResponse, PolicyServiceHandlers } from '@asc/contracts/policy';
import type { Decision } from '@asc/policy';
import type { DecisionService } from '../decisions/decision.service';
import type { PolicySnapshotService } from '../snapshot/policy-snapshot.service';
import { toServiceError } from './grpc-status';

/** asc.policy.v1.PolicyService: Check (one decision) and Watch (snapshot stream for local evaluation). */
/** Open Watch streams, so shutdown can end them instead of waiting for clients to hang up. */
export type WatchStreams = Set<{ end(): void }>;

export function policyServiceHandlers(decisions: DecisionService, snapshots: PolicySnapshotService, streams: WatchStreams): PolicyServiceHandlers {
  return {
    Check(call, callback) {
      const r = call.request;
      decisions
        .check(
          { tenant: r.tenant, keyId: r.keyId, model: r.model, regionHints: r.regionHints, estimatedTokens: r.estimatedTokens, operation: r.operation, prompt: r.prompt, requestId: r.requestId },
          'grpc',
        )
        .then(
          (decision) => callback(null, toCheckResponse(decision)),
          (error: unknown) => callback(toServiceError(error)),
        );
    },

    Watch(call) {
      const current = snapshots.snapshot;
      if (current && (call.request.knownVersion === 0 || call.request.knownVersion !== current.snapshot.version)) call.write(current.snapshot);
      const unsubscribe = snapshots.subscribe(({ snapshot }) => call.write(snapshot));
      streams.add(call);
      const end = () => {
        unsubscribe();
        streams.delete(call);
      };
      call.on('cancelled', end);
      call.on('close', end);
      call.on('error', end);
    },
  };
}

export function toCheckResponse(decision: Decision): CheckResponse {
  return {
    allowed: decision.allowed,
    reasons: decision.reasons,
    candidates: [...decision.candidates],
    obligations: { ...decision.obligations, redactions: [...decision.obligations.redactions], budgetIds: [...decision.obligations.budgetIds] },
    policyVersion: decision.policyVersion,
    rateLimits: decision.rateLimits,
    retryAfterMs: decision.retryAfterMs,
    tenantId: decision.tenantId,
  };
}
