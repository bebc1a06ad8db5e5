import { meteringRecordV1, type UsageRecordedV1 } from '@asc/contracts/events';
import { claimEvents, withTransaction, type SqlPool } from '@asc/kafka';
import type { Pricer } from '@asc/pricing';
import { trackBudgets } from '../budgets/budget-tracker';
import type { OutboxEntry } from '../outbox/outbox';
import { toMeteringRecord } from './metering-record';
import { priceBatch } from './price-batch';
import { addBudgetsUpdate, addOutboxInsert, addSpendUpsert, addUnpricedInsert } from './spend-writer';
import { WriteStatement } from './write-statement';

export const PROCESSED_EVENTS_TABLE = 'metering_processed_events';

export interface IngestContext {
  pool: SqlPool;
  pricer: Pricer;
  consumerGroup: string;
  recordSource: string;
  budgetRefreshMs: number;
  now?: () => Date;
}

export interface IngestResult {
  fresh: number;
  duplicates: number;
  unpriced: number;
  outbox: number;
}

const HEADERS = { 'content-type': meteringRecordV1.contentType, schema: meteringRecordV1.name };

/**
 * One Postgres transaction per consumed batch: claim the event ids (already-claimed ones are replays or
 * redeliveries and change nothing), price the fresh ones, lock and advance the budgets of their tenants, then one
 * statement upserts the daily spend, records unpriced usage, saves the budgets and fills the outbox (metering
 * records, budget state, crossing audits). Five round trips whatever the batch size. The consumer commits the Kafka
 * offset only after this resolved, so a crash anywhere before COMMIT redelivers the batch and the claims roll back.
 *
 * The claim is the first write: it takes the ROW EXCLUSIVE lock on `metering_processed_events` that budget
 * creation waits for (SHARE lock, budgets.service.ts) before it sums the spend of a new budget.
 */
export async function ingestBatch(ctx: IngestContext, events: readonly UsageRecordedV1[]): Promise<IngestResult> {
  return withTransaction(ctx.pool, async (tx) => {
    const fresh = await claimEvents(tx, { table: PROCESSED_EVENTS_TABLE, consumerGroup: ctx.consumerGroup, eventIds: events.map((e) => e.eventId) });
    // delete(), not has(): one batch may hold the same event twice (a producer re-send); apply it once.
    const toApply = events.filter((e) => fresh.delete(e.eventId));
    if (toApply.length === 0) return { fresh: 0, duplicates: events.length, unpriced: 0, outbox: 0 };
    const batch = priceBatch(ctx.pricer, toApply);
    const outbox: OutboxEntry[] = batch.priced.map((p) => ({
      topic: meteringRecordV1.topic,
      key: p.event.tenantId,
      value: JSON.stringify(toMeteringRecord(p, ctx.recordSource)),
      headers: HEADERS,
    }));
    const budgets = await trackBudgets(tx, batch.priced, ctx.now?.() ?? new Date(), ctx.budgetRefreshMs);
    outbox.push(...budgets.entries);
    const write = new WriteStatement();
    addSpendUpsert(write, batch.spend);
    addUnpricedInsert(write, batch.unpriced);
    addBudgetsUpdate(write, budgets.changed);
    addOutboxInsert(write, outbox);
    if (!write.empty) await tx.query(write.toSql(), write.params);
    return { fresh: toApply.length, duplicates: events.length - toApply.length, unpriced: batch.unpriced.length, outbox: outbox.length };
  });
}
