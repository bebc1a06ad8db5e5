import { describe, expect, it } from 'vitest';
import { auditRecordedSchemaV1, encodeEvent, auditRecordedV1 } from '@asc/contracts/events';
import { compileSnapshot, evaluate } from '@asc/policy';
import { MemoryDecisionAudit, toDecisionAuditEvent } from './decision-audit';

const snapshot = compileSnapshot({
  schemaVersion: 1, version: 9, generatedAtMs: 0, platform: null, organizations: [], keys: [], exhaustedBudgetIds: [],
  tenants: [{ id: 't-1', slug: 'acme', active: true, rules: { approvedModels: { values: ['m'] }, allowedRegions: null, tenantRateLimit: null, keyRateLimit: null, budgetIds: [], guardrails: null, logging: 'LOGGING_LEVEL_UNSPECIFIED' } }],
  deployments: [{ id: 'd-1', model: 'm', provider: 'openai', upstreamModel: 'm', region: 'eu-west-1', priority: 0, weight: 1, operations: ['chat'] }, { id: 'd-2', model: 'x', provider: 'openai', upstreamModel: 'x', region: 'eu-west-1', priority: 0, weight: 1, operations: ['chat'] }],
});

describe('decision audit events', () => {
  it('turns an allow and a deny into valid audit.recorded.v1 events of kind policy.decision', () => {
    const allowed = toDecisionAuditEvent({ decision: evaluate(snapshot, { tenant: 'acme', keyId: 'k-1', model: 'm' }), model: 'm', requestId: 'req-1', source: 'grpc', atMs: Date.UTC(2026, 0, 1) });
    expect(auditRecordedSchemaV1.safeParse(allowed).success).toBe(true);
    expect(allowed).toMatchObject({
      tenantId: 't-1', kind: 'policy.decision', outcome: 'success', actor: { type: 'key', id: 'k-1' }, resource: { type: 'model', id: 'm' }, requestId: 'req-1',
      contentCaptured: false, details: { source: 'grpc', policyVersion: 9, reasons: [], candidates: ['d-1'] },
    });
    const denied = toDecisionAuditEvent({ decision: evaluate(snapshot, { tenant: 'acme', model: 'x' }), model: 'x', requestId: '', source: 'envoy', atMs: Date.now() });
    expect(denied).toMatchObject({ outcome: 'denied', actor: { type: 'service', id: 'policy-envoy' }, requestId: null, details: { reasons: ['MODEL_NOT_APPROVED'] } });
    expect(() => encodeEvent(auditRecordedV1, denied)).not.toThrow();
  });

  it('the in-memory sink keeps the last events only', () => {
    const sink = new MemoryDecisionAudit(2);
    for (const model of ['m', 'x', 'm']) sink.record({ decision: evaluate(snapshot, { tenant: 'acme', model }), model, requestId: '', source: 'http', atMs: Date.now() });
    expect(sink.events.map((e) => e.outcome)).toEqual(['denied', 'success']);
  });
});
