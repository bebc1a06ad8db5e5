import type { SqlClient } from '@asc/kafka';
import type { SpendRow, UnpricedRow } from './price-batch';

/** Set-based writes of one ingest batch: one statement per table, whatever the batch size. */
export async function upsertSpend(tx: SqlClient, rows: readonly SpendRow[]): Promise<void> {
  if (rows.length === 0) return;
  const col = <T>(pick: (r: SpendRow) => T): T[] => rows.map(pick);
  await tx.query(
    `INSERT INTO spend_daily AS s (tenant_id, day, key_id, model, provider, currency, requests, estimated_requests, input_tokens,
       output_tokens, cached_input_tokens, cache_write_input_tokens, cost, estimated_cost, updated_at)
     SELECT t, d::date, k, m, p, c, r, er, it, ot, ct, cwt, co, eco, now()
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::bigint[], $9::bigint[],
       $10::bigint[], $11::bigint[], $12::bigint[], $13::numeric[], $14::numeric[]) AS u(t, d, k, m, p, c, r, er, it, ot, ct, cwt, co, eco)
     ON CONFLICT (tenant_id, day, key_id, model, provider) DO UPDATE SET
       requests = s.requests + excluded.requests,
       estimated_requests = s.estimated_requests + excluded.estimated_requests,
       input_tokens = s.input_tokens + excluded.input_tokens,
       output_tokens = s.output_tokens + excluded.output_tokens,
       cached_input_tokens = s.cached_input_tokens + excluded.cached_input_tokens,
       cache_write_input_tokens = s.cache_write_input_tokens + excluded.cache_write_input_tokens,
       cost = s.cost + excluded.cost,
       estimated_cost = s.estimated_cost + excluded.estimated_cost,
       updated_at = now()`,
    [
      col((r) => r.tenantId), col((r) => r.day), col((r) => r.keyId), col((r) => r.model), col((r) => r.provider), col((r) => r.currency),
      col((r) => r.requests), col((r) => r.estimatedRequests), col((r) => r.inputTokens), col((r) => r.outputTokens),
      col((r) => r.cachedInputTokens), col((r) => r.cacheWriteInputTokens), col((r) => r.cost.toString()), col((r) => r.estimatedCost.toString()),
    ],
  );
}

export async function insertUnpriced(tx: SqlClient, rows: readonly UnpricedRow[]): Promise<void> {
  if (rows.length === 0) return;
  const col = <T>(pick: (r: UnpricedRow) => T): T[] => rows.map(pick);
  await tx.query(
    `INSERT INTO unpriced_usage (event_id, tenant_id, key_id, request_id, model, provider, event_time, input_tokens, output_tokens,
       cached_input_tokens, cache_write_input_tokens, usage_source, reason, price_table_version)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::int[], $9::int[],
       $10::int[], $11::int[], $12::text[], $13::text[], $14::text[])
     ON CONFLICT (event_id) DO NOTHING`,
    [
      col((r) => r.event.eventId), col((r) => r.event.tenantId), col((r) => r.event.keyId), col((r) => r.event.requestId),
      col((r) => r.event.modelServed), col((r) => r.event.provider), col((r) => r.event.eventTime), col((r) => r.event.usage.inputTokens),
      col((r) => r.event.usage.outputTokens), col((r) => r.event.usage.cachedInputTokens), col((r) => r.event.usage.cacheWriteInputTokens),
      col((r) => r.event.usage.source), col((r) => r.reason), col((r) => r.priceTableVersion),
    ],
  );
}
