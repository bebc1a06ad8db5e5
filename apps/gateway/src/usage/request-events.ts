import { randomBytes } from 'node:crypto';
import { newEventId, isTraceparent, type AuditRecordedV1, type UsageRecordedV1 } from '@asc/contracts/events';
import type { FinishedRequest } from './event-sink';

/** trace-id of the caller's W3C `traceparent`, or a fresh one so every request can be followed across services. */
export function traceIdOf(traceparent: string | undefined): string {
  if (traceparent && isTraceparent(traceparent)) return traceparent.slice(3, 35);
  return randomBytes(16).toString('hex');
}

/**
 * usage.recorded.v1 for a request that reached a deployment. A request that never got that far (unknown model,
 * every candidate unreachable before sending) used no tokens and has only its audit event.
 */
export function toUsageEvent(request: FinishedRequest, traceId: string, now: Date): UsageRecordedV1 | undefined {
  const { outcome } = request;
  const deployment = outcome.served ?? outcome.lastTried;
  if (deployment === undefined || outcome.usage === undefined || outcome.status === 'denied') return undefined;
  return {
    eventId: newEventId(now.getTime()),
    schemaVersion: 1,
    eventTime: now.toISOString(),
    tenantId: request.tenantId,
    keyId: request.keyId,
    requestId: request.requestId,
    traceId,
    apiDialect: request.dialect,
    modelRequested: request.modelRequested,
    modelServed: deployment.target.upstreamModel,
    provider: deployment.target.provider,
    deploymentId: deployment.deploymentId,
    region: deployment.region,
    streamed: outcome.streamed,
    // A client that went away mid-stream interrupted the request as far as billing is concerned.
    status: outcome.status === 'cancelled' ? 'interrupted' : outcome.status,
    errorCode: outcome.status === 'succeeded' ? null : (outcome.errorCode ?? (outcome.status === 'cancelled' ? 'CLIENT_CANCELLED' : 'UNKNOWN')),
    usage: outcome.usage,
    latencyMs: Math.round(outcome.latencyMs),
    timeToFirstTokenMs: outcome.timeToFirstTokenMs === undefined || !outcome.streamed ? null : Math.round(outcome.timeToFirstTokenMs),
  };
}

/**
 * audit.recorded.v1 for a finished request: kind `request` (metadata only, never prompt or completion text), or
 * kind `policy.decision` when the policy refused it — so denials appear in the tenant's timeline with their reasons.
 */
export function toRequestAuditEvent(request: FinishedRequest, traceId: string, now: Date): AuditRecordedV1 {
  const { outcome } = request;
  const served = outcome.served;
  return {
    id: newEventId(now.getTime()),
    schemaVersion: 1,
    tenantId: request.tenantId,
    time: now.toISOString(),
    actor: { type: 'key', id: request.keyId },
    kind: outcome.status === 'denied' ? 'policy.decision' : 'request',
    resource: { type: 'model', id: request.modelRequested },
    outcome: outcome.status === 'succeeded' ? 'success' : outcome.status === 'denied' ? 'denied' : 'failure',
    requestId: request.requestId,
    traceId,
    contentCaptured: false,
    details: {
      dialect: request.dialect,
      status: outcome.status,
      httpStatus: outcome.httpStatus,
      streamed: outcome.streamed,
      modelServed: served?.target.upstreamModel ?? null,
      provider: served?.target.provider ?? null,
      deploymentId: served?.deploymentId ?? null,
      region: served?.region ?? null,
      attempts: outcome.attempts.map((a) => ({ deploymentId: a.deploymentId, httpStatus: a.httpStatus ?? null, error: a.error ?? null })),
      fallback: outcome.attempts.length > 1,
      inputTokens: outcome.usage?.inputTokens ?? null,
      outputTokens: outcome.usage?.outputTokens ?? null,
      usageSource: outcome.usage?.source ?? null,
      latencyMs: outcome.latencyMs,
      timeToFirstTokenMs: outcome.timeToFirstTokenMs ?? null,
      errorCode: outcome.errorCode ?? null,
      policyVersion: request.policy?.version ?? null,
      policyReasons: request.policy ? request.policy.reasons.map((r) => r.code) : [],
    },
  };
}
