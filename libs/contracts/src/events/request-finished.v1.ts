import { auditRecordedV1, type AuditRecordedV1 } from './audit-recorded.v1';
import type { EventContract } from './contract';
import { usageRecordedV1, type UsageRecordedV1 } from './usage-recorded.v1';

/**
 * A spool record that is not itself a Kafka event: the sender derives contract events from it before producing.
 *
 * Why: the gateway finishes every request with a usage and an audit event. Building, validating and framing two
 * events on the request path cost it about as much CPU as proxying the request. It now spools one compact record
 * per request, and the sender (in the shipper sidecar, or the gateway's own sender loop) derives and validates the
 * two events. Event ids are chosen by the gateway and stored in the record, so a re-send after a crash derives the
 * same ids and consumers de-duplicate as before. Kafka consumers never see these records.
 */
export interface DerivedRecordKind<R> {
  /** Spool-only pseudo topic (starts with `~`, which Kafka topic names cannot contain). */
  readonly spoolTopic: string;
  readonly key: (record: R) => string;
  readonly derive: (record: R) => DerivedEvent[];
}

export interface DerivedEvent {
  contract: EventContract;
  event: unknown;
}

export interface RequestDeploymentV1 {
  deploymentId: string;
  provider: string;
  modelServed: string;
  region: string;
}

/** One finished gateway request, as spooled. */
export interface RequestFinishedV1 {
  v: 1;
  /** Null when no usage event is owed (nothing reached a deployment, or the policy refused it). */
  usageEventId: string | null;
  auditEventId: string;
  timeMs: number;
  tenantId: string;
  keyId: string;
  requestId: string;
  traceId: string;
  dialect: 'openai' | 'anthropic';
  modelRequested: string;
  status: 'succeeded' | 'failed' | 'interrupted' | 'cancelled' | 'denied';
  httpStatus: number;
  streamed: boolean;
  errorCode: string | null;
  /** The deployment that served, if any. */
  served: RequestDeploymentV1 | null;
  /** The deployment usage is owed to: the one that served, else the last one tried. */
  billed: RequestDeploymentV1 | null;
  attempts: { deploymentId: string; httpStatus: number | null; error: string | null }[];
  usage: UsageRecordedV1['usage'] | null;
  latencyMs: number;
  timeToFirstTokenMs: number | null;
  policy: { version: number; reasons: string[] } | null;
}

export const requestFinishedV1: DerivedRecordKind<RequestFinishedV1> = Object.freeze({
  spoolTopic: '~asc.gateway.request-finished.v1',
  key: (record: RequestFinishedV1) => record.tenantId,
  derive: (record: RequestFinishedV1): DerivedEvent[] => {
    const usage = usageEventOf(record);
    const audit: DerivedEvent = { contract: auditRecordedV1, event: auditEventOf(record) };
    return usage ? [{ contract: usageRecordedV1, event: usage }, audit] : [audit];
  },
});

/** Every derived record kind, by spool topic: what a sender needs to expand a spool. */
export const DERIVED_RECORD_KINDS: ReadonlyMap<string, DerivedRecordKind<never>> = new Map<string, DerivedRecordKind<never>>([
  [requestFinishedV1.spoolTopic, requestFinishedV1 as DerivedRecordKind<never>],
]);

/**
 * usage.recorded.v1 for a request that reached a deployment. A request that never got that far (unknown model,
 * every candidate unreachable before sending, a policy denial) used no tokens and has only its audit event.
 */
function usageEventOf(record: RequestFinishedV1): UsageRecordedV1 | undefined {
  const deployment = record.billed;
  if (record.usageEventId === null || deployment === null || record.usage === null || record.status === 'denied') return undefined;
  return {
    eventId: record.usageEventId,
    schemaVersion: 1,
    eventTime: new Date(record.timeMs).toISOString(),
    tenantId: record.tenantId,
    keyId: record.keyId,
    requestId: record.requestId,
    traceId: record.traceId,
    apiDialect: record.dialect,
    modelRequested: record.modelRequested,
    modelServed: deployment.modelServed,
    provider: deployment.provider,
    deploymentId: deployment.deploymentId,
    region: deployment.region,
    streamed: record.streamed,
    // A client that went away mid-stream interrupted the request as far as billing is concerned.
    status: record.status === 'cancelled' ? 'interrupted' : record.status,
    errorCode: record.status === 'succeeded' ? null : (record.errorCode ?? (record.status === 'cancelled' ? 'CLIENT_CANCELLED' : 'UNKNOWN')),
    usage: record.usage,
    latencyMs: Math.round(record.latencyMs),
    timeToFirstTokenMs: record.timeToFirstTokenMs === null || !record.streamed ? null : Math.round(record.timeToFirstTokenMs),
  };
}

/**
 * audit.recorded.v1 for a finished request: kind `request` (metadata only, never prompt or completion text), or
 * kind `policy.decision` when the policy refused it, so denials appear in the tenant's timeline with their reasons.
 */
function auditEventOf(record: RequestFinishedV1): AuditRecordedV1 {
  const served = record.served;
  return {
    id: record.auditEventId,
    schemaVersion: 1,
    tenantId: record.tenantId,
    time: new Date(record.timeMs).toISOString(),
    actor: { type: 'key', id: record.keyId },
    kind: record.status === 'denied' ? 'policy.decision' : 'request',
    resource: { type: 'model', id: record.modelRequested },
    outcome: record.status === 'succeeded' ? 'success' : record.status === 'denied' ? 'denied' : 'failure',
    requestId: record.requestId,
    traceId: record.traceId,
    contentCaptured: false,
    details: {
      dialect: record.dialect,
      status: record.status,
      httpStatus: record.httpStatus,
      streamed: record.streamed,
      modelServed: served?.modelServed ?? null,
      provider: served?.provider ?? null,
      deploymentId: served?.deploymentId ?? null,
      region: served?.region ?? null,
      attempts: record.attempts,
      fallback: record.attempts.length > 1,
      inputTokens: record.usage?.inputTokens ?? null,
      outputTokens: record.usage?.outputTokens ?? null,
      usageSource: record.usage?.source ?? null,
      latencyMs: record.latencyMs,
      timeToFirstTokenMs: record.timeToFirstTokenMs,
      errorCode: record.errorCode,
      policyVersion: record.policy?.version ?? null,
      policyReasons: record.policy?.reasons ?? [],
    },
  };
}
