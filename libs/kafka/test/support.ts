import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Pool } from 'pg';
import { startBroker } from '@asc/dev-broker';
import { TOPICS, type TopicSpec, type UsageRecordedV1 } from '@asc/contracts/events';
import { claimEvents, ensureTopics, processedEventsTableSql, withTransaction, type EventBatch } from '../src';

/** Integration-test plumbing: a dev broker on a free port with a temp data dir, a kafkajs client, a Postgres schema. */
export const DATABASE_URL = process.env['TEST_DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/test';

export type Broker = Awaited<ReturnType<typeof startBroker>>;

export async function tempDir(prefix: string): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

export function kafkaClient(brokers: string, clientId = 'asc-test'): Kafka {
  return new Kafka({
    clientId,
    brokers: [brokers],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 5000,
    retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1000 },
  });
}

/** Creates every ASC topic (replication 1) on the broker. */
export async function createTopics(kafka: Kafka, topics: readonly TopicSpec[] = TOPICS): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(admin, topics, { replicationFactor: 1 });
  } finally {
    await admin.disconnect();
  }
}

export { startBroker };

/** A uniquely named schema with a processed-events table and an effects table (event id unique). */
export async function effectStore(): Promise<{
  pool: Pool;
  schema: string;
  processed: string;
  effects: string;
  count: () => Promise<number>;
  ids: () => Promise<string[]>;
  drop: () => Promise<void>;
}> {
  const pool = new Pool({ connectionString: DATABASE_URL, max: 4 });
  const schema = `kafka_it_${randomBytes(4).toString('hex')}`;
  const processed = `${schema}.processed_events`;
  const effects = `${schema}.effects`;
  await pool.query(`CREATE SCHEMA ${schema}`);
  await pool.query(processedEventsTableSql(processed));
  await pool.query(`CREATE TABLE ${effects} (event_id text PRIMARY KEY, tenant_id text NOT NULL, request_id text NOT NULL)`);
  return {
    pool,
    schema,
    processed,
    effects,
    count: async () => Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${effects}`)).rows[0]?.n ?? 0),
    ids: async () => (await pool.query<{ event_id: string }>(`SELECT event_id FROM ${effects} ORDER BY event_id`)).rows.map((r) => r.event_id),
    drop: async () => {
      await pool.query(`DROP SCHEMA ${schema} CASCADE`);
      await pool.end();
    },
  };
}

export async function waitFor(check: () => Promise<boolean> | boolean, { timeoutMs = 20_000, intervalMs = 50, what = 'condition' } = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** The idempotent effect used by the integration tests: one effects row per usage event, whatever the redeliveries. */
export function usageEffect(store: Awaited<ReturnType<typeof effectStore>>, consumerGroup: string, deliveries: string[] = []) {
  return async ({ events }: EventBatch<UsageRecordedV1>): Promise<void> => {
    await withTransaction(store.pool, async (tx) => {
      const ids = events.map((e) => e.event.eventId);
      const fresh = await claimEvents(tx, { table: store.processed, consumerGroup, eventIds: ids });
      for (const { event } of events) {
        if (fresh.delete(event.eventId)) {
          await tx.query(`INSERT INTO ${store.effects} VALUES ($1, $2, $3)`, [event.eventId, event.tenantId, event.requestId]);
        }
      }
    });
    deliveries.push(...events.map((e) => e.event.eventId));
  };
}
