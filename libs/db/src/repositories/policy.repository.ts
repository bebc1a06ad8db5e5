import { Prisma } from '../generated/prisma/client';
import type { AscPrismaClient } from '../prisma-client';
import { POLICY_SCOPES, type PolicyRecord, type PolicyRevisionInfo, type PolicyScope, type PolicySnapshotRows } from '../policy/policy-types';
import { toDeployment } from './deployment.repository';
import { toTenant } from './tenant.repository';

type Db = Prisma.TransactionClient;

/** Policy layers (`policies`) and their append-only history (`policy_revisions`, whose ids are policy versions). */
export class PolicyRepository {
  constructor(private readonly db: Db) {}

  async currentVersion(): Promise<number> {
    const result = await this.db.policyRevision.aggregate({ _max: { id: true } });
    return Number(result._max.id ?? 0n);
  }

  /** Serialises policy changes: the revision sequence must match commit order, or a Watch could skip a version. */
  async lockForChange(): Promise<void> {
    await this.db.$executeRaw`SELECT pg_advisory_xact_lock(72707371)`;
  }

  async createRevision(input: { actor: string; summary: string; changes: unknown }): Promise<number> {
    const row = await this.db.policyRevision.create({
      data: { actor: input.actor, summary: input.summary, changes: JSON.parse(JSON.stringify(input.changes ?? null)) as Prisma.InputJsonValue },
    });
    return Number(row.id);
  }

  async listRevisions(limit: number): Promise<PolicyRevisionInfo[]> {
    const rows = await this.db.policyRevision.findMany({ orderBy: { id: 'desc' }, take: limit });
    return rows.map((r) => ({ version: Number(r.id), actor: r.actor, summary: r.summary, changes: r.changes, at: r.at }));
  }

  async upsert(input: { scope: PolicyScope; scopeId: string; document: unknown; version: number; updatedBy: string }): Promise<void> {
    const document = JSON.parse(JSON.stringify(input.document)) as Prisma.InputJsonValue;
    const data = { document, version: BigInt(input.version), updatedBy: input.updatedBy, updatedAt: new Date() };
    await this.db.policy.upsert({
      where: { scope_scopeId: { scope: input.scope, scopeId: input.scopeId } },
      create: { scope: input.scope, scopeId: input.scopeId, ...data },
      update: data,
    });
  }

  async remove(scope: PolicyScope, scopeId: string): Promise<void> {
    await this.db.policy.deleteMany({ where: { scope, scopeId } });
  }

  async list(): Promise<PolicyRecord[]> {
    return (await this.db.policy.findMany({ orderBy: [{ scope: 'asc' }, { scopeId: 'asc' }] })).map(toPolicyRecord);
  }

  async updateOrganizationName(id: string, name: string): Promise<void> {
    await this.db.organization.update({ where: { id }, data: { name } });
  }

  async setTenantOrganization(tenantId: string, organizationId: string | null): Promise<void> {
    await this.db.tenant.update({ where: { id: tenantId }, data: { organizationId } });
  }

  async keyTenants(keyIds: readonly string[]): Promise<{ keyId: string; tenantId: string }[]> {
    if (keyIds.length === 0) return [];
    const rows = await this.db.apiKey.findMany({ where: { id: { in: [...keyIds] } }, select: { id: true, tenantId: true } });
    return rows.map((k) => ({ keyId: k.id, tenantId: k.tenantId }));
  }

  async keyTenant(keyId: string): Promise<string | null> {
    const row = await this.db.apiKey.findUnique({ where: { id: keyId }, select: { tenantId: true } });
    return row?.tenantId ?? null;
  }
}

/** The snapshot's rows in one round trip, at REPEATABLE READ (one consistent point in time). */
export async function readPolicySnapshotRows(prisma: AscPrismaClient): Promise<PolicySnapshotRows> {
  const [revision, organizations, tenants, deployments, policies, budgets] = await prisma.$transaction(
    [
      prisma.policyRevision.aggregate({ _max: { id: true } }),
      prisma.organization.findMany({ orderBy: { slug: 'asc' } }),
      prisma.tenant.findMany({ orderBy: { slug: 'asc' } }),
      prisma.deployment.findMany({ where: { enabled: true }, orderBy: [{ model: 'asc' }, { priority: 'asc' }, { createdAt: 'asc' }] }),
      prisma.policy.findMany(),
      prisma.budget.findMany({ select: { id: true, tenantId: true, keyId: true, state: true } }),
    ],
    { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead },
  );
  const keyIds = policies.filter((p) => p.scope === 'key').map((p) => p.scopeId);
  const keys = keyIds.length === 0 ? [] : await prisma.apiKey.findMany({ where: { id: { in: keyIds } }, select: { id: true, tenantId: true } });
  return {
    version: Number(revision._max.id ?? 0n),
    organizations: organizations.map((o) => ({ id: o.id, slug: o.slug, name: o.name, createdAt: o.createdAt, updatedAt: o.updatedAt })),
    tenants: tenants.map(toTenant),
    deployments: deployments.map(toDeployment),
    policies: policies.map(toPolicyRecord),
    keyTenants: keys.map((k) => ({ keyId: k.id, tenantId: k.tenantId })),
    budgets,
  };
}

function toPolicyRecord(row: { scope: string; scopeId: string; document: Prisma.JsonValue; version: bigint; updatedBy: string; updatedAt: Date }): PolicyRecord {
  const scope = (POLICY_SCOPES as readonly string[]).includes(row.scope) ? (row.scope as PolicyScope) : 'platform';
  return { scope, scopeId: row.scopeId, document: row.document, version: Number(row.version), updatedBy: row.updatedBy, updatedAt: row.updatedAt };
}
