import { meteringRecordV1, type UsageRecordedV1 } from '@asc/contracts/events';
import { claimEvents, withTransaction, type SqlPool } from '@asc/kafka';
import type { Pricer } from '@asc/pricing';
import { trackBudgets } from '../budgets/budget-tracker';
import { writeOutbox, type OutboxEntry } from '../outbox/outbox';
import { toMeteringRecord } from './metering-record';
import { priceBatch } from './price-batch';
import { insertUnpriced, upsertSpend } from './spend-writer';

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
 * redeliveries and change nothing), price the fresh ones, upsert the daily spend, record unpriced usage, add the
 * costs to budgets, and write the metering records and budget events to the outbox. The consumer commits the Kafka
 * offset only after this resolved, so a crash anywhere before COMMIT redelivers the batch and the claims roll back.
 */
export async function ingestBatch(ctx: IngestContext, events: readonly UsageRecordedV1[]): Promise<IngestResult> {
  return withTransaction(ctx.pool, async (tx) => {
    const fresh = await claimEvents(tx, { table: PROCESSED_EVENTS_TABLE, consumerGroup: ctx.consumerGroup, eventIds: events.map((e) => e.eventId) });
    // delete(), not has(): one batch may hold the same event twice (a producer re-send); apply it once.
    const toApply = events.filter((e) => fresh.delete(e.eventId));
    if (toApply.length === 0) return { fresh: 0, duplicates: events.length, unpriced: 0, outbox: 0 };
    const batch = priceBatch(ctx.pricer, toApply);
    await upsertSpend(tx, batch.spend);
    await insertUnpriced(tx, batch.unpriced);
    const outbox: OutboxEntry[] = batch.priced.map((p) => ({
      topic: meteringRecordV1.topic,
      key: p.event.tenantId,
      value: JSON.stringify(toMeteringRecord(p, ctx.recordSource)),
      headers: HEADERS,
    }));
    outbox.push(...(await trackBudgets(tx, batch.priced, ctx.now?.() ?? new Date(), ctx.budgetRefreshMs)));
    await writeOutbox(tx, outbox);
    return { fresh: toApply.length, duplicates: events.length - toApply.length, unpriced: batch.unpriced.length, outbox: outbox.length };
  });
}
