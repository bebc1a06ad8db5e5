import { newEventId, PLATFORM_TENANT_ID, type AuditRecordedV1 } from '@asc/contracts/events';
import type { Decision } from '../evaluate/decision';

/**
 * A decision as an `audit.recorded.v1` event of kind `policy.decision`, for whoever decided (the policy service for
 * Check and ext_authz, the gateway for its local evaluations). Structured details only, never prompt text.
 */
export interface DecisionRecord {
  decision: Decision;
  model: string;
  requestId: string;
  /** Where the decision was made: grpc (Check), envoy (ext_authz), http (admin check), gateway (local evaluation). */
  source: 'grpc' | 'envoy' | 'http' | 'gateway';
  atMs: number;
}

export function toDecisionAuditEvent(entry: DecisionRecord): AuditRecordedV1 {
  const { decision } = entry;
  return {
    id: newEventId(),
    schemaVersion: 1,
    tenantId: decision.tenantId || PLATFORM_TENANT_ID,
    time: new Date(entry.atMs).toISOString(),
    actor: decision.keyId ? { type: 'key', id: decision.keyId } : { type: 'service', id: `policy-${entry.source}` },
    kind: 'policy.decision',
    resource: { type: 'model', id: entry.model || 'unknown' },
    outcome: decision.allowed ? 'success' : 'denied',
    requestId: entry.requestId || null,
    traceId: null,
    contentCaptured: false,
    details: {
      source: entry.source,
      policyVersion: decision.policyVersion,
      reasons: decision.reasons.map((r) => r.code),
      candidates: decision.candidates.map((c) => c.deploymentId),
      redactions: [...decision.obligations.redactions],
      ...(decision.retryAfterMs > 0 ? { retryAfterMs: decision.retryAfterMs } : {}),
    },
  };
}
