import type { SqlClient } from '@asc/kafka';
import type { BudgetPeriod, BudgetRow, BudgetStateName } from './budget-rules';

/** Row mapping and the shared statements of the `budgets` table (raw SQL: used inside ingest transactions). */
export const BUDGET_COLUMNS = `id, tenant_id, key_id, state_key, period, amount::text, soft_threshold_pct, hard_limit::text, currency,
  period_start, spent::text, state, state_published_at, created_by, created_at, updated_at`;

interface RawBudget {
  id: string;
  tenant_id: string;
  key_id: string | null;
  state_key: string;
  period: string;
  amount: string;
  soft_threshold_pct: number;
  hard_limit: string;
  currency: string;
  period_start: Date;
  spent: string;
  state: string;
  state_published_at: Date | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

/** NUMERIC(38,18) comes back padded (`1.500000000000000000`); budgets speak in minimal decimals. */
function trim(numeric: string): string {
  return numeric.includes('.') ? numeric.replace(/0+$/, '').replace(/\.$/, '') : numeric;
}

export function toBudgetRow(raw: unknown): BudgetRow {
  const r = raw as RawBudget;
  return {
    id: r.id,
    tenantId: r.tenant_id,
    keyId: r.key_id,
    stateKey: r.state_key,
    period: r.period as BudgetPeriod,
    amount: trim(r.amount),
    softThresholdPct: r.soft_threshold_pct,
    hardLimit: trim(r.hard_limit),
    currency: r.currency,
    periodStart: r.period_start,
    spent: trim(r.spent),
    state: r.state as BudgetStateName,
    statePublishedAt: r.state_published_at,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Exact spend of a tenant (keyId null) or key from `periodStart` on, from the daily aggregates. */
export async function spendSince(tx: SqlClient, tenantId: string, keyId: string | null, periodStart: Date): Promise<string> {
  const { rows } = await tx.query(
    `SELECT coalesce(sum(cost), 0)::text AS spent FROM spend_daily
     WHERE tenant_id = $1 AND ($2::text IS NULL OR key_id = $2) AND day >= $3::date`,
    [tenantId, keyId, periodStart.toISOString().slice(0, 10)],
  );
  return trim((rows[0] as { spent: string }).spent);
}

export async function saveBudgetProgress(tx: SqlClient, budget: BudgetRow): Promise<void> {
  await tx.query(
    `UPDATE budgets SET spent = $2::numeric, period_start = $3, state = $4, state_published_at = $5, updated_at = $6 WHERE id = $1`,
    [budget.id, budget.spent, budget.periodStart, budget.state, budget.statePublishedAt, budget.updatedAt],
  );
}
