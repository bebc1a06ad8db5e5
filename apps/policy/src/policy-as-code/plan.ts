import type { Deployment, DeploymentPatch, PolicyChangeSet, PolicyLiveState, PolicyRecord, PolicyScope } from '@asc/db';
import { findWidening, narrow, policyDocumentSchema, toWireRules, UNRESTRICTED_POLICY, type EffectivePolicy, type PolicyDocument } from '@asc/policy';
import { canonical, fieldChanges, type DiffLine } from './diff-lines';
import type { DeploymentSpec, PolicyFile } from './policy-file';

export type PlannedChanges = Omit<PolicyChangeSet, 'actor' | 'summary' | 'diff' | 'expectedVersion'>;

export interface Plan {
  /** The live policy version the plan was made against (apply refuses if it moved). */
  version: number;
  lines: DiffLine[];
  /** Problems that make the file unappliable (widening a parent, duplicates). */
  errors: string[];
  changes: PlannedChanges;
}

/**
 * Compares a policy file with the live state and lists the changes that make the live state match it. Pure: the
 * same function backs `asc diff` (lines only) and `asc apply` (changes, applied by PolicyStore in one transaction).
 */
export function planPolicyFile(file: PolicyFile, live: PolicyLiveState): Plan {
  const lines: DiffLine[] = [];
  const errors: string[] = duplicates(file);
  const changes: PlannedChanges = { organizations: [], tenants: [], deploymentsCreate: [], deploymentsUpdate: [], policiesSet: [], policiesRemove: [] };
  const orgBySlug = new Map(live.organizations.map((o) => [o.slug, o]));
  const tenantBySlug = new Map(live.tenants.map((t) => [t.slug, t]));
  const policyOf = new Map(live.policies.map((p) => [`${p.scope}:${p.scopeId}`, p]));
  const orgSlugById = new Map(live.organizations.map((o) => [o.id, o.slug]));

  const comparePolicy = (scope: PolicyScope, ref: string, scopeId: string | undefined, desired: PolicyDocument | undefined, keyTenant?: string) => {
    const current = scopeId === undefined ? undefined : policyOf.get(`${scope}:${scopeId}`);
    const currentDoc = current ? normalized(current) : undefined;
    if (desired === undefined) {
      if (current) {
        changes.policiesRemove.push({ scope, scopeId: current.scopeId });
        lines.push({ op: '-', entity: 'policy', ref: `${scope}/${ref}`, details: fieldChanges(currentDoc, undefined) });
      }
      return;
    }
    if (currentDoc !== undefined && canonical(currentDoc) === canonical(desired)) return;
    changes.policiesSet.push({ scope, ref, document: desired, ...(keyTenant !== undefined ? { keyTenant } : {}) });
    lines.push({ op: current ? '~' : '+', entity: 'policy', ref: `${scope}/${ref}`, details: fieldChanges(currentDoc, desired) });
  };

  // Platform
  const livePlatform = policyOf.get('platform:platform');
  const platformDoc = file.platform ? file.platform.policy : livePlatform ? normalized(livePlatform) : undefined;
  if (file.platform) comparePolicy('platform', 'platform', 'platform', file.platform.policy);
  const platform = narrow(UNRESTRICTED_POLICY, platformDoc ? toWireRules(platformDoc) : null);

  // Organizations
  const orgPolicy = new Map<string, EffectivePolicy>();
  for (const org of file.organizations) {
    const current = orgBySlug.get(org.slug);
    if (!current) lines.push({ op: '+', entity: 'organization', ref: org.slug, details: [`name: ${JSON.stringify(org.name)}`] });
    else if (current.name !== org.name) lines.push({ op: '~', entity: 'organization', ref: org.slug, details: [`name: ${JSON.stringify(current.name)} -> ${JSON.stringify(org.name)}`] });
    if (!current || current.name !== org.name) changes.organizations.push({ slug: org.slug, name: org.name, create: !current });
    comparePolicy('organization', org.slug, current?.id, org.policy);
    for (const problem of findWidening(platform, org.policy ? toWireRules(org.policy) : null)) errors.push(`organization ${org.slug}: ${problem}`);
    orgPolicy.set(org.slug, narrow(platform, org.policy ? toWireRules(org.policy) : null));
  }
  const effectiveOrg = (slug: string | null): EffectivePolicy => {
    if (slug === null) return platform;
    const declared = orgPolicy.get(slug);
    if (declared) return declared;
    const org = orgBySlug.get(slug);
    const record = org ? policyOf.get(`organization:${org.id}`) : undefined;
    return narrow(platform, record ? toWireRules(normalized(record)) : null);
  };

  // Tenants, their keys and deployments
  const declaredOrgs = new Set(file.organizations.map((o) => o.slug));
  for (const tenant of file.tenants) {
    const current = tenantBySlug.get(tenant.slug);
    const currentOrg = current?.organizationId ? (orgSlugById.get(current.organizationId) ?? null) : null;
    const organization = tenant.organization === undefined ? currentOrg : tenant.organization;
    if (organization !== null && !declaredOrgs.has(organization) && !orgBySlug.has(organization)) errors.push(`tenant ${tenant.slug}: organization '${organization}' does not exist`);
    const details: string[] = [];
    if (!current) details.push(`name: ${JSON.stringify(tenant.name)}`, `organization: ${organization ?? '(none)'}`);
    else {
      if (current.name !== tenant.name) details.push(`name: ${JSON.stringify(current.name)} -> ${JSON.stringify(tenant.name)}`);
      if (currentOrg !== organization) details.push(`organization: ${currentOrg ?? '(none)'} -> ${organization ?? '(none)'}`);
    }
    if (details.length > 0) {
      lines.push({ op: current ? '~' : '+', entity: 'tenant', ref: tenant.slug, details });
      changes.tenants.push({ slug: tenant.slug, name: tenant.name, organizationSlug: organization, create: !current });
    }
    comparePolicy('tenant', tenant.slug, current?.id, tenant.policy);
    const parent = effectiveOrg(organization);
    const tenantRules = tenant.policy ? toWireRules(tenant.policy) : null;
    for (const problem of findWidening(parent, tenantRules)) errors.push(`tenant ${tenant.slug}: ${problem}`);
    const tenantPolicy = narrow(parent, tenantRules);

    if (tenant.keys !== undefined) {
      const declaredKeys = new Set(tenant.keys.map((k) => k.id));
      for (const key of tenant.keys) {
        comparePolicy('key', key.id, policyOf.has(`key:${key.id}`) ? key.id : undefined, key.policy, tenant.slug);
        for (const problem of findWidening(tenantPolicy, toWireRules(key.policy))) errors.push(`key ${key.id}: ${problem}`);
      }
      for (const { keyId, tenantId } of live.keyTenants) {
        if (current && tenantId === current.id && !declaredKeys.has(keyId)) comparePolicy('key', keyId, keyId, undefined);
      }
    }
    if (tenant.deployments !== undefined) {
      planDeployments(`tenant/${tenant.slug}`, tenant.slug, tenant.deployments, current ? live.deployments.filter((d) => d.tenantId === current.id) : [], changes, lines);
    }
  }
  if (file.platform?.deployments !== undefined) {
    planDeployments('platform', null, file.platform.deployments, live.deployments.filter((d) => d.tenantId === null), changes, lines);
  }
  return { version: live.version, lines, errors, changes };
}

function planDeployments(owner: string, tenantSlug: string | null, specs: readonly DeploymentSpec[], current: readonly Deployment[], changes: PlannedChanges, lines: DiffLine[]): void {
  const byIdentity = new Map(current.map((d) => [identity(d), d]));
  const matched = new Set<string>();
  for (const spec of specs) {
    const want = normalizeSpec(spec);
    const id = identity(want);
    const existing = byIdentity.get(id);
    const ref = `${owner}/${want.model}@${want.region} (${want.provider}/${want.upstreamModel})`;
    if (!existing) {
      changes.deploymentsCreate.push({ ...want, tenantSlug, credentialId: null });
      lines.push({ op: '+', entity: 'deployment', ref, details: [`baseUrl: ${want.baseUrl}`, `priority: ${want.priority}`] });
      continue;
    }
    matched.add(existing.id);
    const patch: DeploymentPatch = {};
    const details: string[] = [];
    for (const field of ['baseUrl', 'apiVersion', 'operations', 'priority', 'weight', 'enabled'] as const) {
      if (canonical(existing[field]) !== canonical(want[field])) {
        (patch as Record<string, unknown>)[field] = want[field];
        details.push(`${field}: ${canonical(existing[field])} -> ${canonical(want[field])}`);
      }
    }
    if (details.length > 0) {
      changes.deploymentsUpdate.push({ id: existing.id, patch });
      lines.push({ op: '~', entity: 'deployment', ref, details });
    }
  }
  for (const d of current) {
    if (matched.has(d.id) || !d.enabled) continue;
    changes.deploymentsUpdate.push({ id: d.id, patch: { enabled: false } });
    lines.push({ op: '-', entity: 'deployment', ref: `${owner}/${d.model}@${d.region} (${d.provider}/${d.upstreamModel})`, details: ['enabled: true -> false (not in the file)'] });
  }
}

function normalizeSpec(spec: DeploymentSpec): Omit<Deployment, 'id' | 'tenantId' | 'credentialId' | 'createdAt' | 'updatedAt'> {
  return {
    model: spec.model,
    provider: spec.provider,
    upstreamModel: spec.upstreamModel ?? spec.model,
    baseUrl: spec.baseUrl,
    region: spec.region,
    apiVersion: spec.apiVersion ?? null,
    operations: spec.operations ?? ['chat'],
    priority: spec.priority ?? 0,
    weight: spec.weight ?? 1,
    enabled: spec.enabled ?? true,
  };
}

function identity(d: { model: string; provider: string; upstreamModel: string; region: string }): string {
  return `${d.model}|${d.provider}|${d.upstreamModel}|${d.region}`;
}

/** A stored document, re-parsed so defaults and key order match a freshly parsed file. */
function normalized(record: PolicyRecord): PolicyDocument {
  const parsed = policyDocumentSchema.safeParse(record.document);
  return parsed.success ? parsed.data : {};
}

function duplicates(file: PolicyFile): string[] {
  const errors: string[] = [];
  const seen = (kind: string, values: string[]) => {
    const set = new Set<string>();
    for (const v of values) {
      if (set.has(v)) errors.push(`${kind} '${v}' is declared twice`);
      set.add(v);
    }
  };
  seen('organization', file.organizations.map((o) => o.slug));
  seen('tenant', file.tenants.map((t) => t.slug));
  for (const t of file.tenants) seen(`deployment of tenant ${t.slug}`, (t.deployments ?? []).map((d) => identity(normalizeSpec(d))));
  seen('platform deployment', (file.platform?.deployments ?? []).map((d) => identity(normalizeSpec(d))));
  return errors;
}
