import { auditRecordedV1, budgetStateV1 } from '@asc/contracts/events';
import type { SqlClient } from '@asc/kafka';
import { Decimal } from '@asc/pricing';
import type { PricedEvent } from '../ingest/price-batch';
import { contractEntry, type OutboxEntry } from '../outbox/outbox';
import { evaluateState, isEscalation, periodStartOf, publicationTime, toBudgetState, toCrossedAudit, type BudgetRow } from './budget-rules';
import { BUDGET_COLUMNS, toBudgetRow } from './budget-sql';

export interface BudgetProgress {
  /** Budgets whose spend, period or publication changed: the caller writes them (one statement with the batch). */
  changed: BudgetRow[];
  entries: OutboxEntry[];
}

/**
 * Inside the ingest transaction: adds the batch's priced costs to the budgets of the tenants and keys involved
 * (rows locked FOR UPDATE, so concurrent writers serialise), rolls a budget into a new period when an event of a
 * later period arrives, and returns the outbox entries to publish: `budget.state.v1` when the state changed or the
 * last publication is older than `refreshMs`, plus an audit `budget.crossed` when the state escalated.
 * Events of a period older than the budget's current one do not count toward it.
 */
export async function trackBudgets(tx: SqlClient, priced: readonly PricedEvent[], now: Date, refreshMs: number): Promise<BudgetProgress> {
  if (priced.length === 0) return { changed: [], entries: [] };
  const byTenant = new Map<string, PricedEvent[]>();
  for (const p of priced) {
    let list = byTenant.get(p.event.tenantId);
    if (!list) byTenant.set(p.event.tenantId, (list = []));
    list.push(p);
  }
  const { rows } = await tx.query(`SELECT ${BUDGET_COLUMNS} FROM budgets WHERE tenant_id = ANY($1::text[]) ORDER BY id FOR UPDATE`, [[...byTenant.keys()]]);
  const entries: OutboxEntry[] = [];
  const changed: BudgetRow[] = [];
  for (const raw of rows) {
    const budget = toBudgetRow(raw);
    const events = (byTenant.get(budget.tenantId) ?? []).filter((p) => budget.keyId === null || p.event.keyId === budget.keyId);
    let periodStart = budget.periodStart;
    let spent = Decimal.parse(budget.spent);
    let counted = 0;
    for (const p of events) {
      const eventPeriod = periodStartOf(budget.period, new Date(p.event.eventTime));
      if (eventPeriod.getTime() > periodStart.getTime()) {
        periodStart = eventPeriod;
        spent = Decimal.ZERO;
      }
      if (eventPeriod.getTime() === periodStart.getTime()) {
        spent = spent.add(p.cost);
        counted += 1;
      }
    }
    if (counted === 0 && periodStart === budget.periodStart) continue;
    const before = budget.state;
    const next: BudgetRow = { ...budget, periodStart, spent: spent.toString(), updatedAt: now };
    next.state = evaluateState(next, spent);
    const stale = budget.statePublishedAt === null || now.getTime() - budget.statePublishedAt.getTime() >= refreshMs;
    if (next.state !== before || periodStart !== budget.periodStart || stale) {
      const at = publicationTime(budget, now);
      next.statePublishedAt = at;
      entries.push(contractEntry(budgetStateV1, toBudgetState(next, at)));
      if (isEscalation(before, next.state)) entries.push(contractEntry(auditRecordedV1, toCrossedAudit(next, before, now)));
    }
    changed.push(next);
  }
  return { changed, entries };
}
