import { isTraceparent, newEventId, newTraceId, type RequestDeploymentV1, type RequestFinishedV1 } from '@asc/contracts/events';
import type { RouteCandidate } from '../config-snapshot/snapshot';
import type { FinishedRequest } from './event-sink';

/** trace-id of the caller's W3C `traceparent`, or a fresh one so every request can be followed across services. */
export function traceIdOf(traceparent: string | undefined): string {
  if (traceparent && isTraceparent(traceparent)) return traceparent.slice(3, 35);
  return newTraceId();
}

/**
 * The one spool record of a finished request; the sender derives usage.recorded.v1 (when a deployment was reached
 * and usage is owed) and audit.recorded.v1 from it (@asc/contracts/events, request-finished.v1).
 */
export function toRequestFinishedRecord(request: FinishedRequest, nowMs: number): RequestFinishedV1 {
  const { outcome } = request;
  const billed = outcome.served ?? outcome.lastTried;
  const owesUsage = billed !== undefined && outcome.usage !== undefined && outcome.status !== 'denied';
  return {
    v: 1,
    usageEventId: owesUsage ? newEventId(nowMs) : null,
    auditEventId: newEventId(nowMs),
    timeMs: nowMs,
    tenantId: request.tenantId,
    keyId: request.keyId,
    requestId: request.requestId,
    traceId: traceIdOf(request.traceparent),
    dialect: request.dialect,
    modelRequested: request.modelRequested,
    status: outcome.status,
    httpStatus: outcome.httpStatus,
    streamed: outcome.streamed,
    errorCode: outcome.errorCode ?? null,
    served: deploymentOf(outcome.served),
    billed: deploymentOf(billed),
    attempts: outcome.attempts.map((a) => ({ deploymentId: a.deploymentId, httpStatus: a.httpStatus ?? null, error: a.error ?? null })),
    usage: outcome.usage ?? null,
    latencyMs: outcome.latencyMs,
    timeToFirstTokenMs: outcome.timeToFirstTokenMs ?? null,
    policy: request.policy ? { version: request.policy.version, reasons: request.policy.reasons.map((r) => r.code) } : null,
  };
}

function deploymentOf(candidate: RouteCandidate | undefined): RequestDeploymentV1 | null {
  if (candidate === undefined) return null;
  return { deploymentId: candidate.deploymentId, provider: candidate.target.provider, modelServed: candidate.target.upstreamModel, region: candidate.region };
}
