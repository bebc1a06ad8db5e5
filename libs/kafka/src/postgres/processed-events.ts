/**
 * Idempotent effects for Kafka consumers: delivery is at-least-once (producer re-sends after a crash, consumer
 * redelivery after a failed handler or a rebalance), so a consumer makes each effect happen once by recording the
 * event id in the same Postgres transaction as the effect:
 *
 *   handleBatch: async ({ events }) => withTransaction(pool, async (tx) => {
 *     const fresh = await claimEvents(tx, { table: 'metering.processed_events', consumerGroup: 'metering', eventIds: events.map((e) => e.event.eventId) });
 *     // delete(), not has(): one batch may hold the same event twice (a producer re-send); apply it once.
 *     for (const e of events) if (fresh.delete(e.event.eventId)) await applyEffect(tx, e.event);
 *   })
 *
 * `claimEvents` runs `INSERT ... ON CONFLICT (consumer_group, event_id) DO NOTHING RETURNING event_id`: ids already
 * present were processed by an earlier, committed delivery. If the transaction rolls back, the claims roll back
 * with the effect and the redelivery does the work. Each service owns its table (create it in its migration with
 * `processedEventsTableSql`). Works with `pg` Pool/PoolClient or anything with the same `query` shape.
 */
export interface SqlClient {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

export interface SqlPool {
  connect(): Promise<SqlClient & { release(err?: Error | boolean): void }>;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/;

function quoteTable(table: string): string {
  if (!IDENTIFIER.test(table)) throw new Error(`Invalid table name '${table}'`);
  return table.split('.').map((part) => `"${part}"`).join('.');
}

export function processedEventsTableSql(table: string): string {
  return `CREATE TABLE IF NOT EXISTS ${quoteTable(table)} (
  consumer_group text NOT NULL,
  event_id text NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer_group, event_id)
)`;
}

/** Claims event ids for a consumer group; returns the ids not seen before (the ones whose effect to apply). */
export async function claimEvents(
  client: SqlClient,
  { table, consumerGroup, eventIds }: { table: string; consumerGroup: string; eventIds: readonly string[] },
): Promise<Set<string>> {
  if (eventIds.length === 0) return new Set();
  const result = await client.query(
    `INSERT INTO ${quoteTable(table)} (consumer_group, event_id)
     SELECT $1, id FROM unnest($2::text[]) AS id
     ON CONFLICT (consumer_group, event_id) DO NOTHING
     RETURNING event_id`,
    [consumerGroup, [...new Set(eventIds)]],
  );
  return new Set((result.rows as Array<{ event_id: string }>).map((r) => r.event_id));
}

/** BEGIN / COMMIT around `fn`, ROLLBACK on error; the client is released either way. */
export async function withTransaction<T>(pool: SqlPool, fn: (client: SqlClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    client.release();
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release(err instanceof Error ? err : true);
    throw err;
  }
}
