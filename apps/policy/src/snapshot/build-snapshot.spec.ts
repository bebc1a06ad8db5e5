import { describe, expect, it } from 'vitest';
import type { PolicySnapshotRows } from '@asc/db';
import { compileSnapshot, evaluate } from '@asc/policy';
import { buildPolicySnapshot } from './build-snapshot';

const at = new Date('2026-01-01T00:00:00Z');
const tenant = (id: string, allowedModels: string[] = []) => ({ id, slug: id, name: id, status: 'active' as const, allowedModels, organizationId: null, createdAt: at, updatedAt: at });
const deployment = (id: string, model: string) => ({
  id, tenantId: null, model, provider: 'openai' as const, upstreamModel: model, baseUrl: 'http://x', region: 'eu-west-1', apiVersion: null, credentialId: null,
  operations: ['chat' as const], priority: 0, weight: 1, enabled: true, createdAt: at, updatedAt: at,
});

describe('buildPolicySnapshot', () => {
  const rows: PolicySnapshotRows = {
    version: 4,
    organizations: [],
    tenants: [tenant('t-broke'), tenant('t-legacy', ['m1']), tenant('t-key')],
    deployments: [deployment('d1', 'm1'), deployment('d2', 'm2')],
    policies: [
      { scope: 'tenant', scopeId: 't-legacy', document: { approvedModels: ['m1', 'm2'] }, version: 3, updatedBy: 'x', updatedAt: at },
      { scope: 'key', scopeId: 'k-1', document: { maxTokensPerRequest: 10 }, version: 4, updatedBy: 'x', updatedAt: at },
    ],
    keyTenants: [{ keyId: 'k-1', tenantId: 't-key' }],
    budgets: [
      { id: 'b-tenant', tenantId: 't-broke', keyId: null, state: 'hard_exceeded' },
      { id: 'b-key', tenantId: 't-key', keyId: 'k-2', state: 'hard_exceeded' },
      { id: 'b-ok', tenantId: 't-key', keyId: null, state: 'soft_exceeded' },
    ],
  };
  const snapshot = compileSnapshot(buildPolicySnapshot(rows, 0));

  it('denies with BUDGET_EXHAUSTED from metering budget state, for the tenant or just the key', () => {
    expect(evaluate(snapshot, { tenant: 't-broke', model: 'm1' }).reasons.map((r) => r.code)).toEqual(['BUDGET_EXHAUSTED']);
    expect(evaluate(snapshot, { tenant: 't-key', keyId: 'k-2', model: 'm1' }).reasons.map((r) => r.code)).toEqual(['BUDGET_EXHAUSTED']);
    const other = evaluate(snapshot, { tenant: 't-key', keyId: 'k-3', model: 'm1' });
    expect(other.allowed).toBe(true);
    expect(other.obligations.budgetIds).toEqual(['b-ok']);
  });

  it('narrows a tenant policy by the legacy allowedModels column, and applies key layers', () => {
    expect(evaluate(snapshot, { tenant: 't-legacy', model: 'm2' }).reasons.map((r) => r.code)).toEqual(['MODEL_NOT_APPROVED']);
    expect(evaluate(snapshot, { tenant: 't-key', keyId: 'k-1', model: 'm1', estimatedTokens: 11 }).reasons.map((r) => r.code)).toEqual(['MAX_TOKENS_EXCEEDED']);
    expect(snapshot.version).toBe(4);
  });
});
