import { Prisma } from '../generated/prisma/client';
import { CONFIG_CHANGED_CHANNEL, type AdminChange, type ConfigChange, type ConfigEntity } from '../types';

type Db = Prisma.TransactionClient;

export interface NewAdminChange {
  actor: string;
  action: string;
  entity: ConfigEntity;
  entityId: string;
  tenantId: string | null;
  /** Secret-free views (ApiKeyInfo, CredentialInfo, …); JSON-serialised as is. */
  before: unknown;
  after: unknown;
}

export class AdminChangeRepository {
  constructor(private readonly db: Db) {}

  async record(change: NewAdminChange): Promise<void> {
    await this.db.adminChange.create({
      data: {
        actor: change.actor,
        action: change.action,
        entity: change.entity,
        entityId: change.entityId,
        tenantId: change.tenantId,
        before: toJson(change.before),
        after: toJson(change.after),
      },
    });
  }

  /**
   * Queues `NOTIFY asc_config_changed`. Inside a transaction Postgres delivers it only at commit, so listeners
   * never reload before the change is visible, and never for a rolled-back change.
   */
  async notify(change: ConfigChange): Promise<void> {
    await this.db.$executeRaw`SELECT pg_notify(${CONFIG_CHANGED_CHANNEL}, ${JSON.stringify(change)})`;
  }

  async list(filter: { entity?: ConfigEntity; entityId?: string; tenantId?: string; limit?: number }): Promise<AdminChange[]> {
    const where: Prisma.AdminChangeWhereInput = {};
    if (filter.entity !== undefined) where.entity = filter.entity;
    if (filter.entityId !== undefined) where.entityId = filter.entityId;
    if (filter.tenantId !== undefined) where.tenantId = filter.tenantId;
    const rows = await this.db.adminChange.findMany({ where, orderBy: { id: 'asc' }, take: filter.limit ?? 500 });
    return rows.map((row) => ({
      id: row.id.toString(),
      actor: row.actor,
      action: row.action,
      entity: row.entity as ConfigEntity,
      entityId: row.entityId,
      tenantId: row.tenantId,
      before: row.before,
      after: row.after,
      at: row.at,
    }));
  }
}

/** Dates become ISO strings; `undefined`/null become SQL NULL. */
function toJson(value: unknown): Prisma.InputJsonValue | typeof Prisma.DbNull {
  if (value === undefined || value === null) return Prisma.DbNull;
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}
