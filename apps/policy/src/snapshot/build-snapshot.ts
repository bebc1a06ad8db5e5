import type { PolicyRules__Output, PolicySnapshot__Output, KeyPolicy__Output } from '@asc/contracts/policy';
import { POLICY_SNAPSHOT_SCHEMA_VERSION } from '@asc/contracts/policy';
import type { PolicyRecord, PolicySnapshotRows } from '@asc/db';
import { policyDocumentSchema, toWireRules } from '@asc/policy';

/**
 * Database rows → the wire snapshot every client (gateway Watch, Check) evaluates against. Also folds in what is
 * not a policy document but narrows like one: a tenant's legacy `allowedModels` column, and metering's budgets
 * (each tenant and key budget counts, and `hard_exceeded` ones deny with BUDGET_EXHAUSTED).
 */
export function buildPolicySnapshot(rows: PolicySnapshotRows, now = Date.now()): PolicySnapshot__Output {
  const rulesOf = indexPolicies(rows.policies);
  const tenantBudgets = new Map<string, string[]>();
  const keyBudgets = new Map<string, { tenantId: string; ids: string[] }>();
  for (const budget of rows.budgets) {
    if (budget.keyId === null) push(tenantBudgets, budget.tenantId, budget.id);
    else {
      const entry = keyBudgets.get(budget.keyId) ?? { tenantId: budget.tenantId, ids: [] };
      entry.ids.push(budget.id);
      keyBudgets.set(budget.keyId, entry);
    }
  }

  const keys = new Map<string, KeyPolicy__Output>();
  for (const { keyId, tenantId } of rows.keyTenants) keys.set(keyId, { keyId, tenantId, rules: rulesOf.get(`key:${keyId}`) ?? null });
  for (const [keyId, { tenantId, ids }] of keyBudgets) {
    const entry = keys.get(keyId) ?? { keyId, tenantId, rules: null };
    entry.rules = withBudgets(entry.rules, ids);
    keys.set(keyId, entry);
  }

  return {
    schemaVersion: POLICY_SNAPSHOT_SCHEMA_VERSION,
    version: rows.version,
    generatedAtMs: now,
    platform: rulesOf.get('platform:platform') ?? null,
    organizations: rows.organizations.map((o) => ({ id: o.id, slug: o.slug, rules: rulesOf.get(`organization:${o.id}`) ?? null })),
    tenants: rows.tenants.map((t) => {
      let rules = rulesOf.get(`tenant:${t.id}`) ?? null;
      if (t.allowedModels.length > 0) rules = withLegacyAllowedModels(rules, t.allowedModels);
      const budgets = tenantBudgets.get(t.id);
      if (budgets) rules = withBudgets(rules, budgets);
      return { id: t.id, slug: t.slug, active: t.status === 'active', rules, ...(t.organizationId !== null ? { organizationId: t.organizationId } : {}) };
    }),
    keys: [...keys.values()],
    deployments: rows.deployments.map((d) => ({
      id: d.id,
      model: d.model,
      provider: d.provider,
      upstreamModel: d.upstreamModel,
      region: d.region,
      priority: d.priority,
      weight: d.weight,
      operations: d.operations,
      ...(d.tenantId !== null ? { tenantId: d.tenantId } : {}),
    })),
    exhaustedBudgetIds: rows.budgets.filter((b) => b.state === 'hard_exceeded').map((b) => b.id),
  };
}

function indexPolicies(policies: readonly PolicyRecord[]): Map<string, PolicyRules__Output> {
  const out = new Map<string, PolicyRules__Output>();
  for (const record of policies) {
    // Documents are validated before they are written; one that no longer parses (a removed field) is skipped
    // rather than taking every decision down — its layer then inherits.
    const parsed = policyDocumentSchema.safeParse(record.document);
    if (parsed.success) out.set(`${record.scope}:${record.scopeId}`, toWireRules(parsed.data));
  }
  return out;
}

function emptyRules(): PolicyRules__Output {
  return { approvedModels: null, allowedRegions: null, tenantRateLimit: null, keyRateLimit: null, budgetIds: [], guardrails: null, logging: 'LOGGING_LEVEL_UNSPECIFIED' };
}

function withBudgets(rules: PolicyRules__Output | null, ids: readonly string[]): PolicyRules__Output {
  const base = rules ?? emptyRules();
  return { ...base, budgetIds: [...new Set([...base.budgetIds, ...ids])] };
}

function withLegacyAllowedModels(rules: PolicyRules__Output | null, allowed: readonly string[]): PolicyRules__Output {
  const base = rules ?? emptyRules();
  const current = base.approvedModels?.values;
  return { ...base, approvedModels: { values: current === undefined ? [...allowed] : current.filter((m) => allowed.includes(m)) } };
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
