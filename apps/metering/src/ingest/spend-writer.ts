import type { OutboxEntry } from '../outbox/outbox';
import type { BudgetRow } from '../budgets/budget-rules';
import type { SpendRow, UnpricedRow } from './price-batch';
import type { WriteStatement } from './write-statement';

/** The set-based writes of one ingest batch, as parts of one statement (see write-statement.ts). */
export function addSpendUpsert(w: WriteStatement, rows: readonly SpendRow[]): void {
  if (rows.length === 0) return;
  const col = (pick: (r: SpendRow) => unknown) => w.param(rows.map(pick));
  w.add(`INSERT INTO spend_daily AS s (tenant_id, day, key_id, model, provider, currency, requests, estimated_requests, input_tokens,
       output_tokens, cached_input_tokens, cache_write_input_tokens, cost, estimated_cost, updated_at)
     SELECT t, d::date, k, m, p, c, r, er, it, ot, ct, cwt, co, eco, now()
     FROM unnest(${col((r) => r.tenantId)}::text[], ${col((r) => r.day)}::text[], ${col((r) => r.keyId)}::text[], ${col((r) => r.model)}::text[],
       ${col((r) => r.provider)}::text[], ${col((r) => r.currency)}::text[], ${col((r) => r.requests)}::bigint[], ${col((r) => r.estimatedRequests)}::bigint[],
       ${col((r) => r.inputTokens)}::bigint[], ${col((r) => r.outputTokens)}::bigint[], ${col((r) => r.cachedInputTokens)}::bigint[],
       ${col((r) => r.cacheWriteInputTokens)}::bigint[], ${col((r) => r.cost.toString())}::numeric[], ${col((r) => r.estimatedCost.toString())}::numeric[])
       AS u(t, d, k, m, p, c, r, er, it, ot, ct, cwt, co, eco)
     ON CONFLICT (tenant_id, day, key_id, model, provider) DO UPDATE SET
       requests = s.requests + excluded.requests,
       estimated_requests = s.estimated_requests + excluded.estimated_requests,
       input_tokens = s.input_tokens + excluded.input_tokens,
       output_tokens = s.output_tokens + excluded.output_tokens,
       cached_input_tokens = s.cached_input_tokens + excluded.cached_input_tokens,
       cache_write_input_tokens = s.cache_write_input_tokens + excluded.cache_write_input_tokens,
       cost = s.cost + excluded.cost,
       estimated_cost = s.estimated_cost + excluded.estimated_cost,
       updated_at = now()`);
}

export function addUnpricedInsert(w: WriteStatement, rows: readonly UnpricedRow[]): void {
  if (rows.length === 0) return;
  const col = (pick: (r: UnpricedRow) => unknown) => w.param(rows.map(pick));
  w.add(`INSERT INTO unpriced_usage (event_id, tenant_id, key_id, request_id, model, provider, event_time, input_tokens, output_tokens,
       cached_input_tokens, cache_write_input_tokens, usage_source, reason, price_table_version)
     SELECT * FROM unnest(${col((r) => r.event.eventId)}::text[], ${col((r) => r.event.tenantId)}::text[], ${col((r) => r.event.keyId)}::text[],
       ${col((r) => r.event.requestId)}::text[], ${col((r) => r.event.modelServed)}::text[], ${col((r) => r.event.provider)}::text[],
       ${col((r) => r.event.eventTime)}::timestamptz[], ${col((r) => r.event.usage.inputTokens)}::int[], ${col((r) => r.event.usage.outputTokens)}::int[],
       ${col((r) => r.event.usage.cachedInputTokens)}::int[], ${col((r) => r.event.usage.cacheWriteInputTokens)}::int[],
       ${col((r) => r.event.usage.source)}::text[], ${col((r) => r.reason)}::text[], ${col((r) => r.priceTableVersion)}::text[])
     ON CONFLICT (event_id) DO NOTHING`);
}

export function addBudgetsUpdate(w: WriteStatement, budgets: readonly BudgetRow[]): void {
  if (budgets.length === 0) return;
  const col = (pick: (b: BudgetRow) => unknown) => w.param(budgets.map(pick));
  w.add(`UPDATE budgets AS b SET spent = u.spent, period_start = u.period_start, state = u.state, state_published_at = u.published, updated_at = u.updated
     FROM unnest(${col((b) => b.id)}::text[], ${col((b) => b.spent)}::numeric[], ${col((b) => b.periodStart)}::timestamptz[], ${col((b) => b.state)}::text[],
       ${col((b) => b.statePublishedAt)}::timestamptz[], ${col((b) => b.updatedAt)}::timestamptz[]) AS u(id, spent, period_start, state, published, updated)
     WHERE b.id = u.id`);
}

export function addOutboxInsert(w: WriteStatement, entries: readonly OutboxEntry[]): void {
  if (entries.length === 0) return;
  // Values and headers travel as newline-joined JSON texts that Postgres splits: node-postgres would escape every
  // quote of thousands of JSON values into text[] literals in JavaScript, and a jsonb array of them costs Postgres a
  // parse. JSON.stringify never writes a raw newline. A tombstone (null value) is the empty element; a lone one splits
  // to an empty array, which unnest pads with NULL, so it stays a tombstone.
  const values: string[] = [];
  const headers: string[] = [];
  const headerTexts = new Map<Record<string, string>, string>(); // metering records share one headers object
  for (const entry of entries) {
    if (entry.value?.includes('\n')) throw new Error(`outbox value for ${entry.topic} is not single-line JSON`);
    values.push(entry.value ?? '');
    let text = headerTexts.get(entry.headers);
    if (text === undefined) headerTexts.set(entry.headers, (text = JSON.stringify(entry.headers)));
    headers.push(text);
  }
  w.add(`INSERT INTO metering_outbox (topic, key, value, headers)
     SELECT t, k, NULLIF(v, ''), h::jsonb
     FROM unnest(${w.param(entries.map((e) => e.topic))}::text[], ${w.param(entries.map((e) => e.key))}::text[],
       string_to_array(${w.param(values.join('\n'))}::text, E'\\n'), string_to_array(${w.param(headers.join('\n'))}::text, E'\\n')) AS u(t, k, v, h)`);
}
