import type { UsageRecordedV1 } from '@asc/contracts/events';
import { Decimal, type Pricer } from '@asc/pricing';

/**
 * Turns one batch of fresh (claimed) usage events into what the ingest transaction writes: spend aggregates per
 * tenant, key, model, provider and UTC day; unpriced usage rows; one metering record per priced event; and the cost
 * per (tenant, key) with event times, for budgets. Pure: no I/O, deterministic for the same events and price tables.
 */
export interface SpendRow {
  tenantId: string;
  day: string;
  keyId: string;
  model: string;
  provider: string;
  currency: string;
  requests: number;
  estimatedRequests: number;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  cacheWriteInputTokens: number;
  cost: Decimal;
  estimatedCost: Decimal;
}

export interface UnpricedRow {
  event: UsageRecordedV1;
  reason: string;
  priceTableVersion: string | null;
}

export interface PricedEvent {
  event: UsageRecordedV1;
  cost: Decimal;
  currency: string;
  priceTableVersion: string;
}

export interface PricedBatch {
  spend: SpendRow[];
  unpriced: UnpricedRow[];
  priced: PricedEvent[];
}

export function priceBatch(pricer: Pricer, events: readonly UsageRecordedV1[]): PricedBatch {
  const spend = new Map<string, SpendRow>();
  const unpriced: UnpricedRow[] = [];
  const priced: PricedEvent[] = [];
  for (const event of events) {
    const result = pricer.price({ provider: event.provider, model: event.modelServed, time: event.eventTime, usage: event.usage });
    if (!result.priced) {
      unpriced.push({ event, reason: result.reason, priceTableVersion: result.priceTableVersion });
      continue;
    }
    priced.push({ event, cost: result.cost, currency: result.currency, priceTableVersion: result.priceTableVersion });
    const day = event.eventTime.slice(0, 10);
    const id = `${event.tenantId}\u0000${day}\u0000${event.keyId}\u0000${event.modelServed}\u0000${event.provider}`;
    let row = spend.get(id);
    if (!row) {
      row = {
        tenantId: event.tenantId, day, keyId: event.keyId, model: event.modelServed, provider: event.provider, currency: result.currency,
        requests: 0, estimatedRequests: 0, inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, cacheWriteInputTokens: 0,
        cost: Decimal.ZERO, estimatedCost: Decimal.ZERO,
      };
      spend.set(id, row);
    }
    row.requests += 1;
    row.inputTokens += event.usage.inputTokens;
    row.outputTokens += event.usage.outputTokens;
    row.cachedInputTokens += event.usage.cachedInputTokens;
    row.cacheWriteInputTokens += event.usage.cacheWriteInputTokens;
    row.cost = row.cost.add(result.cost);
    if (result.estimated) {
      row.estimatedRequests += 1;
      row.estimatedCost = row.estimatedCost.add(result.cost);
    }
  }
  // Primary-key order: concurrent transactions lock rows in the same order (no deadlocks).
  const rows = [...spend.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
  return { spend: rows, unpriced, priced };
}
