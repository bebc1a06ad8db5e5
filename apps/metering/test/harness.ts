import { mkdtemp, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { Pool } from 'pg';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { startBroker, type RunningBroker } from '@asc/dev-broker';
import { TOPICS, encodeEvent, newEventId, usageRecordedV1, type UsageRecordedV1 } from '@asc/contracts/events';
import { loadMeteringConfig, type MeteringConfig } from '@asc/config';
import { AdminStore, Database } from '@asc/db';
import { createTestDatabase, type TestDatabase } from '@asc/db/testing';
import { ensureTopics } from '@asc/kafka';
import { EnvelopeCipher, parseMasterKeyring } from '@asc/secrets';
import { createMeteringApp } from '../src';

/** A dev broker on a free port, a fresh migrated database, and the metering app started/stopped on demand. */
export const ADMIN_TOKEN = 'metering-admin-token-0123456789';
const PEPPER = 'p'.repeat(40);
const MASTER_KEYS = `test:${randomBytes(32).toString('base64')}`;

export interface Harness {
  broker: RunningBroker;
  kafka: Kafka;
  testDb: TestDatabase;
  pool: Pool;
  store: AdminStore;
  config: MeteringConfig;
  app: NestFastifyApplication | undefined;
  url: string;
  startApp(): Promise<void>;
  stopApp(): Promise<void>;
  publish(events: readonly UsageRecordedV1[]): Promise<void>;
  get<T>(path: string, token?: string): Promise<{ status: number; body: T }>;
  send<T>(method: string, path: string, body: unknown, token?: string): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

export async function createHarness(env: Record<string, string> = {}): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'asc-metering-'));
  const broker = await startBroker({ port: 0, dataDir: dir });
  const kafka = new Kafka({ clientId: 'metering-test', brokers: [broker.brokers], logLevel: logLevel.NOTHING, retry: { retries: 5, initialRetryTime: 100 } });
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, TOPICS, { replicationFactor: 1 });
  await admin.disconnect();
  const testDb = await createTestDatabase();
  const pool = new Pool({ connectionString: testDb.databaseUrl, max: 3 });
  const database = Database.connect(testDb.databaseUrl, { poolSize: 2 });
  const store = new AdminStore({ db: database, cipher: new EnvelopeCipher(parseMasterKeyring(MASTER_KEYS)), keyPepper: PEPPER });
  const config = loadMeteringConfig({
    DATABASE_URL: testDb.databaseUrl,
    ASC_ADMIN_TOKEN: ADMIN_TOKEN,
    ASC_KEY_HASH_SECRET: PEPPER,
    ASC_MASTER_KEYS: MASTER_KEYS,
    KAFKA_BROKERS: broker.brokers,
    KAFKA_CONNECTION_TIMEOUT_MS: '1000',
    ASC_METERING_OUTBOX_POLL_MS: '100',
    ASC_BUDGET_STATE_REFRESH_MS: '500',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const producer = kafka.producer();
  await producer.connect();

  const h: Harness = {
    broker, kafka, testDb, pool, store, config, app: undefined, url: '',
    async startApp() {
      const app = await createMeteringApp(config);
      await app.listen({ port: 0, host: '127.0.0.1' });
      h.app = app;
      h.url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    },
    async stopApp() {
      await h.app?.close();
      h.app = undefined;
    },
    async publish(events) {
      for (let i = 0; i < events.length; i += 1000) {
        const messages = events.slice(i, i + 1000).map((e) => {
          const encoded = encodeEvent(usageRecordedV1, e);
          return { key: encoded.key, value: encoded.value, headers: encoded.headers };
        });
        await producer.send({ topic: usageRecordedV1.topic, messages });
      }
    },
    async get(path, token = ADMIN_TOKEN) {
      const response = await fetch(`${h.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      return { status: response.status, body: await response.json() };
    },
    async send(method, path, body, token = ADMIN_TOKEN) {
      const response = await fetch(`${h.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: response.status, body: await response.json() };
    },
    async close() {
      await h.stopApp();
      await producer.disconnect();
      await pool.end();
      await database.close();
      await broker.close();
      await testDb.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return h;
}

export function usageEvent(over: Partial<UsageRecordedV1> & { usage?: Partial<UsageRecordedV1['usage']> } = {}): UsageRecordedV1 {
  const base = usageRecordedV1.fixture;
  return {
    ...base,
    eventId: newEventId(),
    eventTime: new Date().toISOString(),
    requestId: `req-${randomBytes(4).toString('hex')}`,
    modelServed: 'gpt-4o-mini',
    provider: 'openai',
    ...over,
    usage: { ...base.usage, inputTokens: 1000, outputTokens: 500, cachedInputTokens: 0, cacheWriteInputTokens: 0, ...over.usage },
  };
}

export async function waitFor(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Reads a topic from the beginning with a fresh consumer group, collecting raw messages. */
export async function collectTopic(kafka: Kafka, topic: string): Promise<{ messages: Array<{ key: string; value: string | null }>; stop: () => Promise<void> }> {
  const consumer: Consumer = kafka.consumer({ groupId: `collector-${randomBytes(4).toString('hex')}` });
  const messages: Array<{ key: string; value: string | null }> = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void messages.push({ key: message.key?.toString() ?? '', value: message.value?.toString() ?? null }) });
  return { messages, stop: () => consumer.disconnect() };
}
