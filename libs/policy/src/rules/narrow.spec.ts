import { describe, expect, it } from 'vitest';
import { compileSnapshot, evaluate, findWidening, intersectRegions, narrow, policyDocumentSchema, toWireRules, UNRESTRICTED_POLICY } from '../index';
import { snapshotFixture } from '../testing/snapshot-fixture';
import type { PolicyDocument } from '../rules/policy-document';

const rules = (doc: PolicyDocument) => toWireRules(policyDocumentSchema.parse(doc));

const org: PolicyDocument = {
  approvedModels: ['gpt-4o-mini', 'claude-sonnet'],
  allowedRegions: ['eu'],
  rateLimits: { tenant: { requestsPerMinute: 100, tokensPerMinute: 50_000 }, key: { requestsPerMinute: 10 } },
  maxTokensPerRequest: 4000,
  guardrails: { pii: { email: 'redact', card: 'block' }, blockedTerms: ['falcon'] },
  logging: 'metadata',
  budgets: ['org-budget'],
};

/** A tenant that tries to widen everything its organization restricts. */
const greedyTenant: PolicyDocument = {
  approvedModels: ['gpt-4o-mini', 'gpt-4o'],
  allowedRegions: ['eu-west-1', 'us-east-1'],
  rateLimits: { tenant: { requestsPerMinute: 10_000 }, key: { requestsPerMinute: 5 } },
  maxTokensPerRequest: 100_000,
  guardrails: { pii: { email: 'off', card: 'redact', phone: 'redact' }, blockedTerms: ['osprey'] },
  logging: 'full',
  budgets: ['tenant-budget'],
};

describe('inheritance: a child can only narrow', () => {
  const parent = narrow(UNRESTRICTED_POLICY, rules(org));
  const effective = narrow(parent, rules(greedyTenant));

  it('intersects models and regions, takes minimum limits, keeps the stricter guardrails and logging', () => {
    expect([...effective.approvedModels!]).toEqual(['gpt-4o-mini']);
    expect(effective.allowedRegions).toEqual(['eu-west-1']);
    expect(effective.tenantRateLimit).toEqual({ requestsPerMinute: 100, tokensPerMinute: 50_000 });
    expect(effective.keyRateLimit).toEqual({ requestsPerMinute: 5, tokensPerMinute: null });
    expect(effective.maxTokensPerRequest).toBe(4000);
    expect(effective.pii).toEqual({ email: 'redact', phone: 'redact', card: 'block', iban: 'off', national_id: 'off' });
    expect(effective.blockedTerms).toEqual(['falcon', 'osprey']);
    expect(effective.logging).toBe('metadata');
    expect(effective.budgetIds).toEqual(['org-budget', 'tenant-budget']);
  });

  it('reports every widening attempt so the admin API can refuse the document', () => {
    expect(findWidening(parent, rules(greedyTenant))).toEqual([
      "model 'gpt-4o' is not approved by the parent policy",
      "region 'us-east-1' is outside the parent policy's regions",
      "tenantRateLimit.requestsPerMinute 10000 exceeds the parent's 100",
      "maxTokensPerRequest 100000 exceeds the parent's 4000",
      "pii.email 'off' is weaker than the parent's 'redact'",
      "pii.card 'redact' is weaker than the parent's 'block'",
      "logging 'full' is less restrictive than the parent's 'metadata'",
    ]);
    expect(findWidening(parent, rules({ approvedModels: ['claude-sonnet'], allowedRegions: ['eu-central'] }))).toEqual([]);
  });

  it('evaluates through the snapshot: the tenant cannot use a model or region its organization does not allow', () => {
    const snapshot = compileSnapshot(
      snapshotFixture({
        organizations: [{ id: 'o', slug: 'o', policy: org }],
        tenants: [{ id: 't', slug: 't', organizationId: 'o', policy: greedyTenant }],
        deployments: [
          { id: 'eu', model: 'gpt-4o-mini', region: 'eu-west-1' },
          { id: 'us', model: 'gpt-4o-mini', region: 'us-east-1' },
          { id: '4o', model: 'gpt-4o', region: 'eu-west-1' },
        ],
      }),
    );
    const mini = evaluate(snapshot, { tenant: 't', model: 'gpt-4o-mini' });
    expect(mini.candidates.map((c) => c.deploymentId)).toEqual(['eu']);
    expect(evaluate(snapshot, { tenant: 't', model: 'gpt-4o' }).reasons.map((r) => r.code)).toEqual(['MODEL_NOT_APPROVED']);
    expect(evaluate(snapshot, { tenant: 't', model: 'gpt-4o-mini', regionHints: ['us-east-1'] }).reasons.map((r) => r.code)).toEqual(['REGION_NOT_ALLOWED']);
    expect(evaluate(snapshot, { tenant: 't', model: 'gpt-4o-mini', estimatedTokens: 5000 }).reasons.map((r) => r.code)).toEqual(['MAX_TOKENS_EXCEEDED']);
  });

  it('an empty list approves nothing, while an absent one inherits', () => {
    const none = narrow(UNRESTRICTED_POLICY, rules({ approvedModels: [] }));
    expect([...none.approvedModels!]).toEqual([]);
    expect(narrow(none, rules({})).approvedModels!.size).toBe(0);
    expect(narrow(UNRESTRICTED_POLICY, rules({})).approvedModels).toBeNull();
  });

  it('intersects region prefixes both ways', () => {
    expect(intersectRegions(['eu'], ['eu-west-1', 'us-east-1'])).toEqual(['eu-west-1']);
    expect(intersectRegions(['eu-west-1', 'us-east-1'], ['eu'])).toEqual(['eu-west-1']);
    expect(intersectRegions(null, ['EU'])).toEqual(['eu']);
    expect(intersectRegions(['eu'], ['us'])).toEqual([]);
  });

  it('rejects unknown fields in a policy document', () => {
    expect(policyDocumentSchema.safeParse({ approvedModel: ['x'] }).success).toBe(false);
    expect(policyDocumentSchema.safeParse({ guardrails: { pii: { email: 'maybe' } } }).success).toBe(false);
  });
});
