import type { Prisma, RoutingRule as RoutingRuleRow } from '../generated/prisma/client';
import type { RoutingRule } from '../types';

type Db = Prisma.TransactionClient;

export type RoutingRuleFields = Omit<RoutingRule, 'id' | 'createdAt' | 'updatedAt'>;

export class RoutingRuleRepository {
  constructor(private readonly db: Db) {}

  async find(tenantId: string | null, model: string): Promise<RoutingRule | null> {
    const row = await this.db.routingRule.findFirst({ where: { tenantId, model } });
    return row ? toRoutingRule(row) : null;
  }

  async upsert(fields: RoutingRuleFields): Promise<RoutingRule> {
    const existing = await this.db.routingRule.findFirst({ where: { tenantId: fields.tenantId, model: fields.model }, select: { id: true } });
    const row = existing
      ? await this.db.routingRule.update({ where: { id: existing.id }, data: fields })
      : await this.db.routingRule.create({ data: fields });
    return toRoutingRule(row);
  }

  async delete(id: string): Promise<void> {
    await this.db.routingRule.delete({ where: { id } });
  }

  async list(filter: { tenantId?: string | null } = {}): Promise<RoutingRule[]> {
    const where: Prisma.RoutingRuleWhereInput = filter.tenantId === undefined ? {} : { tenantId: filter.tenantId };
    return (await this.db.routingRule.findMany({ where, orderBy: [{ model: 'asc' }] })).map(toRoutingRule);
  }
}

export function toRoutingRule(row: RoutingRuleRow): RoutingRule {
  return {
    id: row.id,
    tenantId: row.tenantId,
    model: row.model,
    fallbackModels: row.fallbackModels,
    fallbackOn: row.fallbackOn as RoutingRule['fallbackOn'],
    maxRetries: row.maxRetries,
    retryBaseMs: row.retryBaseMs,
    retryMaxMs: row.retryMaxMs,
    ttftDeadlineMs: row.ttftDeadlineMs,
    totalDeadlineMs: row.totalDeadlineMs,
    strategy: row.strategy as RoutingRule['strategy'],
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
