import { status } from '@grpc/grpc-js';
import type { CheckResponse, PolicyServiceHandlers } from '@asc/contracts/policy';
import type { Decision } from '@asc/policy';
import { runInSpan } from '@asc/telemetry';
import type { DecisionService } from '../decisions/decision.service';
import type { PolicySnapshotService } from '../snapshot/policy-snapshot.service';
import type { PolicyMetrics } from '../telemetry/policy-metrics';
import { toServiceError } from './grpc-status';
import { observeRpc } from './rpc-observation';

/** asc.policy.v1.PolicyService: Check (one decision) and Watch (snapshot stream for local evaluation). */
/** Open Watch streams, so shutdown can end them instead of waiting for clients to hang up. */
export type WatchStreams = Set<{ end(): void }>;

const SERVICE = 'asc.policy.v1.PolicyService';

export function policyServiceHandlers(decisions: DecisionService, snapshots: PolicySnapshotService, streams: WatchStreams, metrics: PolicyMetrics): PolicyServiceHandlers {
  return {
    Check(call, callback) {
      const r = call.request;
      const rpc = observeRpc(metrics, { service: SERVICE, method: 'Check', metadata: call.metadata, unary: true });
      runInSpan(rpc.span, () =>
        decisions.check(
          { tenant: r.tenant, keyId: r.keyId, model: r.model, regionHints: r.regionHints, estimatedTokens: r.estimatedTokens, operation: r.operation, prompt: r.prompt, requestId: r.requestId },
          'grpc',
        ),
      ).then(
        (decision) => {
          if (rpc.span.isRecording()) rpc.span.setAttributes({ 'asc.policy.allowed': decision.allowed, 'asc.policy.reasons': decision.reasons.map((x) => x.code) });
          rpc.end(status.OK);
          callback(null, toCheckResponse(decision));
        },
        (error: unknown) => {
          const serviceError = toServiceError(error);
          rpc.end(serviceError.code ?? status.INTERNAL, error);
          callback(serviceError);
        },
      );
    },

    Watch(call) {
      const rpc = observeRpc(metrics, { service: SERVICE, method: 'Watch', metadata: call.metadata, unary: false });
      const current = snapshots.snapshot;
      if (current && (call.request.knownVersion === 0 || call.request.knownVersion !== current.snapshot.version)) call.write(current.snapshot);
      const unsubscribe = snapshots.subscribe(({ snapshot }) => call.write(snapshot));
      streams.add(call);
      metrics.watchStreams.labels({}).inc();
      let ended = false;
      const end = () => {
        unsubscribe();
        streams.delete(call);
        if (ended) return;
        ended = true;
        metrics.watchStreams.labels({}).dec();
        rpc.end(call.cancelled ? status.CANCELLED : status.OK);
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
