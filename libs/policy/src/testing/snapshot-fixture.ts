import type { PolicyDeployment__Output, PolicySnapshot__Output } from '@asc/contracts/policy';
import { toWireRules, type PolicyDocument } from '../rules/policy-document';
import { policyDocumentSchema } from '../rules/policy-document';

/** Test-only: a snapshot as the policy service would send it, from readable policy documents. */
export interface FixtureInput {
  version?: number;
  platform?: PolicyDocument;
  organizations?: { id: string; slug: string; policy?: PolicyDocument }[];
  tenants?: { id: string; slug: string; organizationId?: string; active?: boolean; policy?: PolicyDocument }[];
  keys?: { keyId: string; tenantId: string; policy: PolicyDocument }[];
  deployments?: (Partial<PolicyDeployment__Output> & { id: string; model: string; region: string })[];
  exhaustedBudgetIds?: string[];
}

export function snapshotFixture(input: FixtureInput): PolicySnapshot__Output {
  const rules = (doc: PolicyDocument | undefined) => (doc ? toWireRules(policyDocumentSchema.parse(doc)) : null);
  return {
    schemaVersion: 1,
    version: input.version ?? 1,
    platform: rules(input.platform),
    organizations: (input.organizations ?? []).map((o) => ({ id: o.id, slug: o.slug, rules: rules(o.policy) })),
    tenants: (input.tenants ?? []).map((t) => ({
      id: t.id,
      slug: t.slug,
      active: t.active ?? true,
      rules: rules(t.policy),
      ...(t.organizationId ? { organizationId: t.organizationId } : {}),
    })),
    keys: (input.keys ?? []).map((k) => ({ keyId: k.keyId, tenantId: k.tenantId, rules: rules(k.policy) })),
    deployments: (input.deployments ?? []).map((d) => ({
      provider: 'openai',
      upstreamModel: d.model,
      priority: 0,
      weight: 1,
      operations: ['chat'],
      ...d,
    })),
    exhaustedBudgetIds: input.exhaustedBudgetIds ?? [],
    generatedAtMs: 0,
  };
}

/** The demo shape: ACME with an EU subsidiary (EU only, PII redaction) and a US subsidiary. */
export function demoSnapshot(overrides: Partial<FixtureInput> = {}): PolicySnapshot__Output {
  return snapshotFixture({
    platform: { logging: 'full' },
    organizations: [{ id: 'org-acme', slug: 'acme', policy: { approvedModels: ['gpt-4o-mini', 'gpt-4o', 'claude-sonnet'], rateLimits: { tenant: { requestsPerMinute: 1000 } }, maxTokensPerRequest: 8000 } }],
    tenants: [
      {
        id: 't-eu', slug: 'acme-eu', organizationId: 'org-acme',
        policy: { allowedRegions: ['eu'], guardrails: { pii: { email: 'redact', iban: 'redact', card: 'block' } }, logging: 'metadata', budgets: ['acme-eu-monthly'] },
      },
      { id: 't-us', slug: 'acme-us', organizationId: 'org-acme', policy: { approvedModels: ['gpt-4o', 'claude-sonnet'], allowedRegions: ['us'] } },
    ],
    deployments: [
      { id: 'd-us-mini', model: 'gpt-4o-mini', region: 'us-east-1', priority: 0 },
      { id: 'd-eu-mini', model: 'gpt-4o-mini', region: 'eu-west-1', priority: 1 },
      { id: 'd-eu-mini-2', model: 'gpt-4o-mini', region: 'eu-central-1', priority: 2 },
      { id: 'd-us-4o', model: 'gpt-4o', region: 'us-east-1' },
      { id: 'd-us-claude', model: 'claude-sonnet', provider: 'anthropic', upstreamModel: 'claude-sonnet-4-5', region: 'us-west-2' },
      { id: 'd-eu-claude', model: 'claude-sonnet', provider: 'anthropic', upstreamModel: 'claude-sonnet-4-5', region: 'eu-central-1', priority: 5 },
      { id: 'd-llama', model: 'llama-3', provider: 'openai-compatible', region: 'eu-west-1' },
    ],
    ...overrides,
  });
}
