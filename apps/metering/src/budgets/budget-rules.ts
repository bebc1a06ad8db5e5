import { newEventId, type AuditRecordedV1, type BudgetStateV1 } from '@asc/contracts/events';
import { Decimal } from '@asc/pricing';

/**
 * Budget arithmetic and the events a budget produces. Periods are UTC calendar days or months. State: `hard_exceeded`
 * once spend reached the hard limit (the gateway refuses further requests), `soft_exceeded` once it reached the soft
 * threshold (percent of `amount`, an alert), else `ok`.
 */
export const BUDGET_PERIODS = ['day', 'month'] as const;
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];
export type BudgetStateName = BudgetStateV1['state'];

const RANK: Record<BudgetStateName, number> = { ok: 0, soft_exceeded: 1, hard_exceeded: 2 };

export interface BudgetRow {
  id: string;
  tenantId: string;
  keyId: string | null;
  stateKey: string;
  period: BudgetPeriod;
  amount: string;
  softThresholdPct: number;
  hardLimit: string;
  currency: string;
  periodStart: Date;
  spent: string;
  state: BudgetStateName;
  statePublishedAt: Date | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export function periodStartOf(period: BudgetPeriod, at: Date): Date {
  return period === 'day'
    ? new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()))
    : new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
}

export function evaluateState(budget: Pick<BudgetRow, 'amount' | 'softThresholdPct' | 'hardLimit'>, spent: Decimal): BudgetStateName {
  if (spent.cmp(Decimal.parse(budget.hardLimit)) >= 0) return 'hard_exceeded';
  // spent >= amount * pct / 100, compared without division.
  if (spent.mulInt(100).cmp(Decimal.parse(budget.amount).mulInt(budget.softThresholdPct)) >= 0) return 'soft_exceeded';
  return 'ok';
}

export function isEscalation(from: BudgetStateName, to: BudgetStateName): boolean {
  return RANK[to] > RANK[from];
}

/** `updatedAt` strictly after the previous publication, so readers that keep the newest record never drop this one. */
export function publicationTime(budget: Pick<BudgetRow, 'statePublishedAt'>, now: Date): Date {
  const previous = budget.statePublishedAt?.getTime() ?? 0;
  return new Date(Math.max(now.getTime(), previous + 1));
}

export function toBudgetState(budget: BudgetRow, updatedAt: Date): BudgetStateV1 {
  return {
    schemaVersion: 1,
    budgetId: budget.id,
    tenantId: budget.tenantId,
    keyId: budget.keyId,
    scope: budget.keyId === null ? 'tenant' : 'key',
    period: budget.period,
    periodStart: budget.periodStart.toISOString(),
    limit: budget.hardLimit,
    spent: budget.spent,
    currency: budget.currency,
    state: budget.state,
    updatedAt: updatedAt.toISOString(),
  };
}

/** audit.recorded.v1 `budget.crossed`: a budget moved up to a higher state. */
export function toCrossedAudit(budget: BudgetRow, from: BudgetStateName, now: Date): AuditRecordedV1 {
  return {
    id: newEventId(now.getTime()),
    schemaVersion: 1,
    tenantId: budget.tenantId,
    time: now.toISOString(),
    actor: { type: 'service', id: 'metering' },
    kind: 'budget.crossed',
    resource: { type: 'budget', id: budget.id },
    outcome: 'success',
    requestId: null,
    traceId: null,
    contentCaptured: false,
    details: {
      scope: budget.keyId === null ? 'tenant' : 'key',
      keyId: budget.keyId,
      period: budget.period,
      periodStart: budget.periodStart.toISOString(),
      from,
      to: budget.state,
      spent: budget.spent,
      amount: budget.amount,
      softThresholdPct: budget.softThresholdPct,
      hardLimit: budget.hardLimit,
      currency: budget.currency,
    },
  };
}

/** audit.recorded.v1 `admin.change` for a budget created, changed or deleted through the API. */
export function toAdminChangeAudit(args: { actor: string; action: 'create' | 'update' | 'delete'; before: BudgetRow | null; after: BudgetRow | null; now: Date }): AuditRecordedV1 {
  const budget = (args.after ?? args.before)!;
  const view = (b: BudgetRow | null) =>
    b === null ? null : { keyId: b.keyId, period: b.period, amount: b.amount, softThresholdPct: b.softThresholdPct, hardLimit: b.hardLimit, currency: b.currency };
  return {
    id: newEventId(args.now.getTime()),
    schemaVersion: 1,
    tenantId: budget.tenantId,
    time: args.now.toISOString(),
    actor: { type: 'admin', id: args.actor },
    kind: 'admin.change',
    resource: { type: 'budget', id: budget.id },
    outcome: 'success',
    requestId: null,
    traceId: null,
    contentCaptured: false,
    details: { action: `budget.${args.action}`, before: view(args.before), after: view(args.after) },
  };
}
