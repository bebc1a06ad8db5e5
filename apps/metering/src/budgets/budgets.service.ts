import { Inject, Injectable, Logger } from '@nestjs/common';
import { auditRecordedV1, budgetStateV1 } from '@asc/contracts/events';
import type { MeteringConfig } from '@asc/config';
import { GatewayError, NotFoundError } from '@asc/errors';
import { withTransaction, type SqlClient } from '@asc/kafka';
import { Decimal } from '@asc/pricing';
import { PgPool } from '../database/pg-pool';
import { METERING_CONFIG } from '../metering-config.token';
import { contractEntry, writeOutbox, type OutboxEntry } from '../outbox/outbox';
import { OutboxService } from '../outbox/outbox.service';
import type { CreateBudgetInput, UpdateBudgetInput } from './budget-inputs';
import {
  evaluateState, isEscalation, periodStartOf, publicationTime, toAdminChangeAudit, toBudgetState, toCrossedAudit, type BudgetRow, type BudgetStateName,
} from './budget-rules';
import { BUDGET_COLUMNS, saveBudgetProgress, spendSince, toBudgetRow } from './budget-sql';

/** A budget as the API shows it. */
export interface BudgetStatus {
  id: string;
  tenantId: string;
  keyId: string | null;
  scope: 'tenant' | 'key';
  period: string;
  periodStart: string;
  amount: string;
  softThresholdPct: number;
  hardLimit: string;
  currency: string;
  spent: string;
  remaining: string;
  state: BudgetStateName;
  updatedAt: string;
}

export function toStatus(b: BudgetRow): BudgetStatus {
  const remaining = Decimal.parse(b.hardLimit).sub(Decimal.parse(b.spent));
  return {
    id: b.id, tenantId: b.tenantId, keyId: b.keyId, scope: b.keyId === null ? 'tenant' : 'key', period: b.period, periodStart: b.periodStart.toISOString(),
    amount: b.amount, softThresholdPct: b.softThresholdPct, hardLimit: b.hardLimit, currency: b.currency, spent: b.spent,
    remaining: remaining.isNegative() ? '0' : remaining.toString(), state: b.state, updatedAt: b.updatedAt.toISOString(),
  };
}

/**
 * Budget administration and upkeep. Every change commits with its outbox entries (`budget.state.v1`, audit
 * `admin.change` / `budget.crossed`). A budget's spend is (re)computed from the daily aggregates while holding a SHARE
 * lock on `metering_processed_events` (every ingest transaction's first write), which waits for in-flight ingest
 * transactions and holds new ones back until commit, so no batch is counted twice or missed. `maintain()` (timer) rolls budgets into their new period and publishes budgets whose
 * spend moved since their last publication.
 */
@Injectable()
export class BudgetsService {
  private readonly logger = new Logger('Budgets');
  private timer: NodeJS.Timeout | undefined;
  private maintaining: Promise<void> | undefined;

  constructor(
    @Inject(METERING_CONFIG) private readonly config: MeteringConfig,
    private readonly pool: PgPool,
    private readonly outbox: OutboxService,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.maintaining ??= this.maintain()
        .then(() => undefined)
        .catch((error: unknown) => this.logger.warn(`budget upkeep failed: ${(error as Error).message}`))
        .finally(() => (this.maintaining = undefined));
    }, Math.min(this.config.ASC_BUDGET_STATE_REFRESH_MS, 60_000));
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.maintaining;
  }

  async list(tenantId: string | undefined): Promise<BudgetRow[]> {
    const { rows } = await this.pool.query(
      `SELECT ${BUDGET_COLUMNS} FROM budgets WHERE ($1::text IS NULL OR tenant_id = $1) ORDER BY tenant_id, key_id NULLS FIRST, created_at`,
      [tenantId ?? null],
    );
    return rows.map(toBudgetRow);
  }

  async get(id: string): Promise<BudgetRow> {
    const { rows } = await this.pool.query(`SELECT ${BUDGET_COLUMNS} FROM budgets WHERE id::text = $1`, [id]);
    if (rows.length === 0) throw new NotFoundError(`Budget '${id}' not found.`);
    return toBudgetRow(rows[0]);
  }

  async create(actor: string, input: CreateBudgetInput): Promise<BudgetRow> {
    const now = new Date();
    const keyId = input.keyId ?? null;
    const stateKey = keyId === null ? input.tenantId : `${input.tenantId}/${keyId}`;
    const row = await this.inTransaction(async (tx, out) => {
      await tx.query('LOCK TABLE metering_processed_events IN SHARE MODE');
      const periodStart = periodStartOf(input.period, now);
      const spent = await spendSince(tx, input.tenantId, keyId, periodStart);
      const hardLimit = input.hardLimit ?? input.amount;
      const state = evaluateState({ amount: input.amount, softThresholdPct: input.softThresholdPct, hardLimit }, Decimal.parse(spent));
      const published = now;
      const inserted = await tx.query(
        `INSERT INTO budgets (id, tenant_id, key_id, state_key, period, amount, soft_threshold_pct, hard_limit, currency, period_start, spent, state,
           state_published_at, created_by, created_at, updated_at)
         VALUES (gen_random_uuid(), $1, $2, $3, $4, $5::numeric, $6, $7::numeric, $8, $9, $10::numeric, $11, $12, $13, $12, $12)
         ON CONFLICT (state_key) DO NOTHING
         RETURNING ${BUDGET_COLUMNS}`,
        [input.tenantId, keyId, stateKey, input.period, input.amount, input.softThresholdPct, hardLimit, input.currency, periodStart, spent, state, published, actor],
      );
      if (inserted.rows.length === 0) {
        throw new GatewayError({ code: 'INVALID_REQUEST', httpStatus: 409, message: `A budget for '${stateKey}' exists already; update it instead.` });
      }
      const budget = toBudgetRow(inserted.rows[0]);
      out.push(contractEntry(budgetStateV1, toBudgetState(budget, published)));
      out.push(contractEntry(auditRecordedV1, toAdminChangeAudit({ actor, action: 'create', before: null, after: budget, now })));
      if (isEscalation('ok', budget.state)) out.push(contractEntry(auditRecordedV1, toCrossedAudit(budget, 'ok', now)));
      return budget;
    });
    return row;
  }

  async update(actor: string, id: string, patch: UpdateBudgetInput): Promise<BudgetRow> {
    const now = new Date();
    return this.inTransaction(async (tx, out) => {
      await tx.query('LOCK TABLE metering_processed_events IN SHARE MODE');
      const before = await this.lock(tx, id);
      const next: BudgetRow = { ...before, ...patch, updatedAt: now };
      if (patch.hardLimit === undefined && patch.amount !== undefined && before.hardLimit === before.amount) next.hardLimit = patch.amount;
      const periodStart = periodStartOf(next.period, now);
      if (periodStart.getTime() !== before.periodStart.getTime()) {
        next.periodStart = periodStart;
        next.spent = await spendSince(tx, next.tenantId, next.keyId, periodStart);
      }
      await tx.query(`UPDATE budgets SET period = $2, amount = $3::numeric, soft_threshold_pct = $4, hard_limit = $5::numeric WHERE id = $1`, [
        id, next.period, next.amount, next.softThresholdPct, next.hardLimit,
      ]);
      this.publish(out, next, before.state, now);
      out.push(contractEntry(auditRecordedV1, toAdminChangeAudit({ actor, action: 'update', before, after: next, now })));
      await saveBudgetProgress(tx, next);
      return next;
    });
  }

  async remove(actor: string, id: string): Promise<BudgetRow> {
    const now = new Date();
    return this.inTransaction(async (tx, out) => {
      const before = await this.lock(tx, id);
      await tx.query('DELETE FROM budgets WHERE id = $1', [id]);
      // Tombstone: compaction drops the budget's state, readers forget it.
      out.push({ topic: budgetStateV1.topic, key: before.stateKey, value: null, headers: {} });
      out.push(contractEntry(auditRecordedV1, toAdminChangeAudit({ actor, action: 'delete', before, after: null, now })));
      return before;
    });
  }

  /** New periods and pending publications. Exposed for tests; the timer calls it. */
  async maintain(now: Date = new Date()): Promise<number> {
    return this.inTransaction(async (tx, out) => {
      const { rows } = await tx.query(
        `SELECT ${BUDGET_COLUMNS} FROM budgets
         WHERE period_start < date_trunc(period, $1::timestamptz AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
            OR state_published_at IS NULL OR updated_at > state_published_at
         ORDER BY id FOR UPDATE SKIP LOCKED`,
        [now],
      );
      for (const raw of rows) {
        const before = toBudgetRow(raw);
        const next: BudgetRow = { ...before, updatedAt: now };
        const periodStart = periodStartOf(before.period, now);
        if (periodStart.getTime() > before.periodStart.getTime()) {
          next.periodStart = periodStart;
          next.spent = await spendSince(tx, before.tenantId, before.keyId, periodStart);
        }
        this.publish(out, next, before.state, now);
        await saveBudgetProgress(tx, next);
      }
      return rows.length;
    });
  }

  private publish(out: OutboxEntry[], next: BudgetRow, before: BudgetStateName, now: Date): void {
    next.state = evaluateState(next, Decimal.parse(next.spent));
    const at = publicationTime(next, now);
    next.statePublishedAt = at;
    next.updatedAt = at;
    out.push(contractEntry(budgetStateV1, toBudgetState(next, at)));
    if (isEscalation(before, next.state)) out.push(contractEntry(auditRecordedV1, toCrossedAudit(next, before, now)));
  }

  private async lock(tx: SqlClient, id: string): Promise<BudgetRow> {
    const { rows } = await tx.query(`SELECT ${BUDGET_COLUMNS} FROM budgets WHERE id::text = $1 FOR UPDATE`, [id]);
    if (rows.length === 0) throw new NotFoundError(`Budget '${id}' not found.`);
    return toBudgetRow(rows[0]);
  }

  private async inTransaction<T>(fn: (tx: SqlClient, out: OutboxEntry[]) => Promise<T>): Promise<T> {
    const result = await withTransaction(this.pool, async (tx) => {
      const out: OutboxEntry[] = [];
      const value = await fn(tx, out);
      await writeOutbox(tx, out);
      return value;
    });
    this.outbox.wake();
    return result;
  }
}
