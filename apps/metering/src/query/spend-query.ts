import { z } from 'zod';
import type { SqlClient } from '@asc/kafka';

/**
 * Spend over a time range from the daily aggregates. Granularity is one UTC day: `from` is inclusive, `to`
 * exclusive, both `YYYY-MM-DD` (or an RFC 3339 instant, truncated to its UTC day). Grouping by any of tenant, key,
 * model, provider and day; sums are exact NUMERIC, returned as decimal strings.
 */
export const GROUP_FIELDS = { tenant: 'tenant_id', key: 'key_id', model: 'model', provider: 'provider', day: 'day' } as const;
export type GroupField = keyof typeof GROUP_FIELDS;

const day = z.string().transform((v, ctx) => {
  const ms = Date.parse(v.length === 10 ? `${v}T00:00:00.000Z` : v);
  if (Number.isNaN(ms)) {
    ctx.addIssue({ code: 'custom', message: 'expected YYYY-MM-DD or an RFC 3339 timestamp' });
    return z.NEVER;
  }
  return new Date(ms).toISOString().slice(0, 10);
});

export const spendQuerySchema = z.object({
  from: day,
  to: day,
  tenantId: z.string().min(1).optional(),
  keyId: z.string().min(1).optional(),
  model: z.string().min(1).optional(),
  groupBy: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const fields = (v ?? 'tenant').split(',').map((s) => s.trim()).filter(Boolean);
      for (const f of fields) if (!(f in GROUP_FIELDS)) ctx.addIssue({ code: 'custom', message: `unknown group '${f}' (tenant, key, model, provider, day)` });
      return fields as GroupField[];
    }),
});
export type SpendQuery = z.output<typeof spendQuerySchema>;

export interface SpendTotals {
  requests: string;
  estimatedRequests: string;
  inputTokens: string;
  outputTokens: string;
  cachedInputTokens: string;
  cacheWriteInputTokens: string;
  cost: string;
  estimatedCost: string;
}

export type SpendGroup = Partial<Record<GroupField, string>> & SpendTotals;

const SUMS = `coalesce(sum(requests), 0)::text AS requests, coalesce(sum(estimated_requests), 0)::text AS "estimatedRequests",
  coalesce(sum(input_tokens), 0)::text AS "inputTokens", coalesce(sum(output_tokens), 0)::text AS "outputTokens",
  coalesce(sum(cached_input_tokens), 0)::text AS "cachedInputTokens", coalesce(sum(cache_write_input_tokens), 0)::text AS "cacheWriteInputTokens",
  trim_scale(coalesce(sum(cost), 0))::text AS cost, trim_scale(coalesce(sum(estimated_cost), 0))::text AS "estimatedCost"`;

export async function querySpend(db: SqlClient, q: SpendQuery): Promise<{ groups: SpendGroup[]; total: SpendTotals; unpricedEvents: number }> {
  const where = ['day >= $1::date', 'day < $2::date'];
  const params: unknown[] = [q.from, q.to];
  const filter = (column: string, value: string | undefined) => {
    if (value === undefined) return;
    params.push(value);
    where.push(`${column} = $${params.length}`);
  };
  filter('tenant_id', q.tenantId);
  filter('key_id', q.keyId);
  filter('model', q.model);
  const groupCols = q.groupBy.map((g) => (g === 'day' ? `to_char(day, 'YYYY-MM-DD') AS day` : `${GROUP_FIELDS[g]} AS "${g}"`));
  const groupBy = q.groupBy.map((g) => GROUP_FIELDS[g]);
  const grouped = groupBy.length
    ? await db.query(`SELECT ${groupCols.join(', ')}, ${SUMS} FROM spend_daily WHERE ${where.join(' AND ')} GROUP BY ${groupBy.join(', ')} ORDER BY ${groupBy.join(', ')}`, params)
    : { rows: [] };
  const total = await db.query(`SELECT ${SUMS} FROM spend_daily WHERE ${where.join(' AND ')}`, params);
  const unpricedWhere = where.map((w) => w.replace('day >= $1::date', 'event_time >= $1::date').replace('day < $2::date', 'event_time < $2::date'));
  const unpriced = await db.query(`SELECT count(*)::int AS n FROM unpriced_usage WHERE ${unpricedWhere.join(' AND ')}`, params);
  return { groups: grouped.rows as SpendGroup[], total: total.rows[0] as SpendTotals, unpricedEvents: (unpriced.rows[0] as { n: number }).n };
}

export async function listUnpriced(db: SqlClient, q: { from: string; to: string; tenantId?: string | undefined; limit: number }): Promise<unknown[]> {
  const { rows } = await db.query(
    `SELECT event_id AS "eventId", tenant_id AS "tenantId", key_id AS "keyId", request_id AS "requestId", model, provider, event_time AS "eventTime",
       input_tokens AS "inputTokens", output_tokens AS "outputTokens", cached_input_tokens AS "cachedInputTokens",
       cache_write_input_tokens AS "cacheWriteInputTokens", usage_source AS "usageSource", reason, price_table_version AS "priceTableVersion"
     FROM unpriced_usage WHERE event_time >= $1::date AND event_time < $2::date AND ($3::text IS NULL OR tenant_id = $3)
     ORDER BY event_time LIMIT $4`,
    [q.from, q.to, q.tenantId ?? null, q.limit],
  );
  return rows;
}
