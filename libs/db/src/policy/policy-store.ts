import { NotFoundError } from '@asc/errors';
import type { Database, Repositories } from '../repositories/database';
import { readPolicySnapshotRows } from '../repositories/policy.repository';
import { ConflictError } from '../errors';
import type { Deployment, Organization, Tenant } from '../types';
import {
  PLATFORM_SCOPE_ID,
  type AppliedPolicyChange,
  type PolicyChangeSet,
  type PolicyLiveState,
  type PolicyRevisionInfo,
  type PolicyScope,
  type PolicySnapshotRows,
} from './policy-types';

/**
 * Writes policy changes the way AdminStore writes admin changes: one transaction per change set holding the entity
 * changes, a new policy revision (the new policy version), one `admin_changes` row (`policy_set.applied`, with the
 * diff) and a `NOTIFY asc_config_changed` delivered at commit. Changes are serialised by an advisory lock, so
 * versions are committed in order. Stateless apart from the database; safe to share.
 */
export class PolicyStore {
  constructor(private readonly db: Database) {}

  currentVersion(): Promise<number> {
    return this.db.repos.policies.currentVersion();
  }

  async loadLiveState(): Promise<PolicyLiveState> {
    const repos = this.db.repos;
    const [version, organizations, tenants, deployments, policies] = await Promise.all([
      repos.policies.currentVersion(),
      repos.organizations.list(),
      repos.tenants.list(),
      repos.deployments.list({}),
      repos.policies.list(),
    ]);
    const keyTenants = await repos.policies.keyTenants(policies.filter((p) => p.scope === 'key').map((p) => p.scopeId));
    return { version, organizations, tenants, deployments, policies, keyTenants };
  }

  loadSnapshotRows(): Promise<PolicySnapshotRows> {
    return readPolicySnapshotRows(this.db.prisma);
  }

  listRevisions(limit = 50): Promise<PolicyRevisionInfo[]> {
    return this.db.repos.policies.listRevisions(Math.min(Math.max(limit, 1), 500));
  }

  async apply(change: PolicyChangeSet): Promise<AppliedPolicyChange> {
    return this.db.transaction(async (repos) => {
      await repos.policies.lockForChange();
      if (change.expectedVersion !== undefined) {
        const live = await repos.policies.currentVersion();
        if (live !== change.expectedVersion) {
          throw new ConflictError(`The live policy version is ${live}, not ${change.expectedVersion}: someone applied a change in between; plan again.`);
        }
      }
      const organizations = await applyOrganizations(repos, change);
      const orgIds = new Map((await repos.organizations.list()).map((o) => [o.slug, o.id]));
      const tenants = await applyTenants(repos, change, orgIds);
      const deployments = await applyDeployments(repos, change);
      const version = await repos.policies.createRevision({ actor: change.actor, summary: change.summary, changes: change.diff });
      for (const set of change.policiesSet) {
        const scopeId = await resolveScope(repos, set.scope, set.ref, orgIds);
        if (set.scope === 'key' && set.keyTenant !== undefined) await requireKeyOwner(repos, set.ref, set.keyTenant);
        await repos.policies.upsert({ scope: set.scope, scopeId, document: set.document, version, updatedBy: change.actor });
      }
      for (const remove of change.policiesRemove) await repos.policies.remove(remove.scope, remove.scopeId);

      const record = { entity: 'policy' as const, entityId: String(version), tenantId: null, action: 'policy_set.applied' };
      await repos.adminChanges.record({ ...record, actor: change.actor, before: null, after: { version, summary: change.summary, diff: change.diff } });
      await repos.adminChanges.notify({ entity: 'policy', id: String(version), tenantId: null, action: record.action });
      return { version, organizations, tenants, deployments };
    });
  }
}

async function applyOrganizations(repos: Repositories, change: PolicyChangeSet): Promise<Organization[]> {
  const out: Organization[] = [];
  const existing = new Map((await repos.organizations.list()).map((o) => [o.slug, o]));
  for (const org of change.organizations) {
    const current = existing.get(org.slug);
    if (!current) {
      out.push(await repos.organizations.create({ slug: org.slug, name: org.name }));
    } else if (current.name !== org.name) {
      await repos.policies.updateOrganizationName(current.id, org.name);
      out.push({ ...current, name: org.name });
    }
  }
  return out;
}

async function applyTenants(repos: Repositories, change: PolicyChangeSet, orgIds: ReadonlyMap<string, string>): Promise<Tenant[]> {
  const out: Tenant[] = [];
  for (const tenant of change.tenants) {
    const organizationId = tenant.organizationSlug === null ? null : orgIds.get(tenant.organizationSlug);
    if (organizationId === undefined) throw new NotFoundError(`Organization '${tenant.organizationSlug}' does not exist.`);
    const current = await repos.tenants.findBySlug(tenant.slug);
    if (!current) {
      out.push(await repos.tenants.create({ slug: tenant.slug, name: tenant.name, status: 'active', allowedModels: [], organizationId }));
      continue;
    }
    let updated = current;
    if (current.name !== tenant.name) updated = await repos.tenants.update(current.id, { name: tenant.name });
    if (current.organizationId !== organizationId) {
      await repos.policies.setTenantOrganization(current.id, organizationId);
      updated = { ...updated, organizationId };
    }
    out.push(updated);
  }
  return out;
}

async function applyDeployments(repos: Repositories, change: PolicyChangeSet): Promise<Deployment[]> {
  const out: Deployment[] = [];
  for (const { tenantSlug, ...data } of change.deploymentsCreate) {
    let tenantId: string | null = null;
    if (tenantSlug !== null) {
      const tenant = await repos.tenants.findBySlug(tenantSlug);
      if (!tenant) throw new NotFoundError(`Tenant '${tenantSlug}' does not exist.`);
      tenantId = tenant.id;
    }
    out.push(await repos.deployments.create({ ...data, tenantId }));
  }
  for (const { id, patch } of change.deploymentsUpdate) {
    if (!(await repos.deployments.findById(id))) throw new NotFoundError(`Deployment '${id}' does not exist.`);
    out.push(await repos.deployments.update(id, patch));
  }
  return out;
}

async function requireKeyOwner(repos: Repositories, keyId: string, tenantSlug: string): Promise<void> {
  const owner = await repos.policies.keyTenant(keyId);
  const tenant = await repos.tenants.findBySlug(tenantSlug);
  if (!owner || !tenant || owner !== tenant.id) throw new ConflictError(`API key '${keyId}' does not belong to tenant '${tenantSlug}'.`);
}

async function resolveScope(repos: Repositories, scope: PolicyScope, ref: string, orgIds: ReadonlyMap<string, string>): Promise<string> {
  switch (scope) {
    case 'platform':
      return PLATFORM_SCOPE_ID;
    case 'organization': {
      const id = orgIds.get(ref) ?? (await repos.organizations.findById(ref))?.id;
      if (!id) throw new NotFoundError(`Organization '${ref}' does not exist.`);
      return id;
    }
    case 'tenant': {
      const tenant = (await repos.tenants.findBySlug(ref)) ?? (await repos.tenants.findById(ref));
      if (!tenant) throw new NotFoundError(`Tenant '${ref}' does not exist.`);
      return tenant.id;
    }
    case 'key': {
      if (!(await repos.policies.keyTenant(ref))) throw new NotFoundError(`API key '${ref}' does not exist.`);
      return ref;
    }
  }
}
