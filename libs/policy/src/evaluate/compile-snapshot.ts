import type { PolicySnapshot__Output, PolicyRules__Output, PolicyDeployment__Output } from '@asc/contracts/policy';
import { POLICY_SNAPSHOT_SCHEMA_VERSION } from '@asc/contracts/policy';
import { CompiledGuardrails } from '../guardrails/guardrails';
import { UNRESTRICTED_POLICY, type EffectivePolicy } from '../rules/effective-policy';
import { loggingEnum, narrow } from '../rules/narrow';
import { regionAllowed } from '../rules/regions';
import type { Candidate, Operation } from './decision';

/**
 * A snapshot compiled for evaluation: every tenant's effective policy, guardrails and, per model name and
 * operation, the deployment candidates already filtered by approval and residency and sorted. Built off the hot
 * path (snapshot load or Watch update); then read-only, except the per-key view cache. One per snapshot version.
 */
export interface ModelRoute {
  /** Approved and inside residency, in order. */
  candidates: readonly Candidate[];
  /** Deployments under this name the tenant can see at all (before approval and residency). */
  known: number;
  /** Of those, approved (before residency). */
  approved: number;
}

export interface PolicyView {
  tenantId: string;
  tenantSlug: string;
  active: boolean;
  keyId: string;
  policy: EffectivePolicy;
  guardrails: CompiledGuardrails;
  logging: ReturnType<typeof loggingEnum>;
  routes: Readonly<Record<Operation, ReadonlyMap<string, ModelRoute>>>;
  /** First of the policy's budgets that is exhausted, if any. */
  exhaustedBudget: string | null;
}

export class UnsupportedSnapshotError extends Error {
  constructor(readonly schemaVersion: number) {
    super(`Policy snapshot schema ${schemaVersion} is not supported (this build understands ${POLICY_SNAPSHOT_SCHEMA_VERSION}).`);
  }
}

interface TenantSource {
  id: string;
  slug: string;
  active: boolean;
  organizationPolicy: EffectivePolicy;
  rules: PolicyRules__Output | null;
}

export class CompiledSnapshot {
  readonly version: number;
  private readonly tenants = new Map<string, PolicyView>();
  private readonly tenantSources = new Map<string, TenantSource>();
  private readonly keyRules = new Map<string, { tenantId: string; rules: PolicyRules__Output | null }>();
  private readonly keyViews = new Map<string, PolicyView>();
  private readonly deployments: readonly (PolicyDeployment__Output & { candidate: Candidate })[];
  private readonly exhausted: ReadonlySet<string>;

  constructor(readonly snapshot: PolicySnapshot__Output) {
    if (snapshot.schemaVersion !== POLICY_SNAPSHOT_SCHEMA_VERSION) throw new UnsupportedSnapshotError(snapshot.schemaVersion);
    this.version = snapshot.version;
    this.exhausted = new Set(snapshot.exhaustedBudgetIds);
    this.deployments = snapshot.deployments.map((d) => ({
      ...d,
      candidate: Object.freeze({ deploymentId: d.id, model: d.model, provider: d.provider, upstreamModel: d.upstreamModel, region: d.region, priority: d.priority }),
    }));
    const platform = narrow(UNRESTRICTED_POLICY, snapshot.platform);
    const organizations = new Map<string, EffectivePolicy>();
    for (const org of snapshot.organizations) organizations.set(org.id, narrow(platform, org.rules));
    for (const tenant of snapshot.tenants) {
      const source: TenantSource = {
        id: tenant.id,
        slug: tenant.slug,
        active: tenant.active,
        organizationPolicy: (tenant.organizationId !== undefined && organizations.get(tenant.organizationId)) || platform,
        rules: tenant.rules,
      };
      const view = this.buildView(source, '', narrow(source.organizationPolicy, tenant.rules));
      this.tenantSources.set(tenant.id, source);
      this.tenants.set(tenant.id, view);
      this.tenants.set(tenant.slug, view);
    }
    for (const key of snapshot.keys) this.keyRules.set(key.keyId, { tenantId: key.tenantId, rules: key.rules });
  }

  /** The view for a tenant (id or slug) and optionally a key; keys with their own rules get a narrower view. */
  view(tenant: string, keyId: string | undefined): PolicyView | undefined {
    const tenantView = this.tenants.get(tenant);
    if (tenantView === undefined || !keyId) return tenantView;
    const cached = this.keyViews.get(keyId);
    if (cached !== undefined) return cached.tenantId === tenantView.tenantId ? cached : undefined;
    const key = this.keyRules.get(keyId);
    if (key === undefined) return tenantView; // a key without rules of its own inherits the tenant's
    if (key.tenantId !== tenantView.tenantId) return undefined;
    const source = this.tenantSources.get(key.tenantId)!;
    const view = this.buildView(source, keyId, narrow(tenantView.policy, key.rules));
    this.keyViews.set(keyId, view);
    return view;
  }

  /** Whether a key id is known to belong to a different tenant (a caller mixing tenants up). */
  keyBelongsElsewhere(tenantId: string, keyId: string): boolean {
    const key = this.keyRules.get(keyId);
    return key !== undefined && key.tenantId !== tenantId;
  }

  private buildView(source: TenantSource, keyId: string, policy: EffectivePolicy): PolicyView {
    return {
      tenantId: source.id,
      tenantSlug: source.slug,
      active: source.active,
      keyId,
      policy,
      guardrails: new CompiledGuardrails(policy),
      logging: loggingEnum(policy.logging),
      routes: { chat: this.routesFor(source.id, policy, 'chat'), embeddings: this.routesFor(source.id, policy, 'embeddings') },
      exhaustedBudget: policy.budgetIds.find((id) => this.exhausted.has(id)) ?? null,
    };
  }

  private routesFor(tenantId: string, policy: EffectivePolicy, operation: Operation): ReadonlyMap<string, ModelRoute> {
    const byName = new Map<string, { entries: (PolicyDeployment__Output & { candidate: Candidate })[]; known: number; approved: number }>();
    const add = (name: string, d: PolicyDeployment__Output & { candidate: Candidate }, approved: boolean) => {
      let route = byName.get(name);
      if (!route) byName.set(name, (route = { entries: [], known: 0, approved: 0 }));
      route.known++;
      if (!approved) return;
      route.approved++;
      if (regionAllowed(policy.allowedRegions, d.region)) route.entries.push(d);
    };
    for (const d of this.deployments) {
      if (d.tenantId !== undefined && d.tenantId !== tenantId) continue;
      if (!d.operations.includes(operation)) continue;
      const qualified = `${d.provider}/${d.upstreamModel}`;
      const approved = policy.approvedModels === null || policy.approvedModels.has(d.model) || policy.approvedModels.has(qualified);
      add(d.model, d, approved);
      if (qualified !== d.model) add(qualified, d, approved);
    }
    const routes = new Map<string, ModelRoute>();
    for (const [name, route] of byName) {
      // Lower priority number first; the tenant's own deployments before platform ones at equal priority.
      route.entries.sort((a, b) => a.priority - b.priority || Number(a.tenantId === undefined) - Number(b.tenantId === undefined));
      routes.set(name, { candidates: Object.freeze(route.entries.map((e) => e.candidate)), known: route.known, approved: route.approved });
    }
    return routes;
  }
}

export function compileSnapshot(snapshot: PolicySnapshot__Output): CompiledSnapshot {
  return new CompiledSnapshot(snapshot);
}
