import type { Prisma, Deployment as DeploymentRow } from '../generated/prisma/client';
import type { Deployment, DeploymentOperation, DeploymentProvider } from '../types';

type Db = Prisma.TransactionClient;

export type NewDeployment = Omit<Deployment, 'id' | 'createdAt' | 'updatedAt'>;
export type DeploymentPatch = Partial<Omit<Deployment, 'id' | 'tenantId' | 'createdAt' | 'updatedAt'>>;

export class DeploymentRepository {
  constructor(private readonly db: Db) {}

  async create(input: NewDeployment): Promise<Deployment> {
    return toDeployment(await this.db.deployment.create({ data: input }));
  }

  async update(id: string, patch: DeploymentPatch): Promise<Deployment> {
    return toDeployment(await this.db.deployment.update({ where: { id }, data: patch }));
  }

  async findById(id: string): Promise<Deployment | null> {
    const row = await this.db.deployment.findUnique({ where: { id } });
    return row ? toDeployment(row) : null;
  }

  /** `tenantId` undefined = all; null = platform-wide only; a string = that tenant's own. */
  async list(filter: { tenantId?: string | null; model?: string }): Promise<Deployment[]> {
    const where: Prisma.DeploymentWhereInput = {};
    if (filter.tenantId !== undefined) where.tenantId = filter.tenantId;
    if (filter.model !== undefined) where.model = filter.model;
    const rows = await this.db.deployment.findMany({ where, orderBy: [{ model: 'asc' }, { priority: 'asc' }, { createdAt: 'asc' }] });
    return rows.map(toDeployment);
  }
}

export function toDeployment(row: DeploymentRow): Deployment {
  return {
    id: row.id,
    tenantId: row.tenantId,
    model: row.model,
    provider: row.provider as DeploymentProvider,
    upstreamModel: row.upstreamModel,
    baseUrl: row.baseUrl,
    region: row.region,
    apiVersion: row.apiVersion,
    credentialId: row.credentialId,
    operations: row.operations as DeploymentOperation[],
    priority: row.priority,
    weight: row.weight,
    enabled: row.enabled,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
