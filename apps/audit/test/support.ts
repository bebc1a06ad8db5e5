import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { startBroker, type RunningBroker } from '@asc/dev-broker';
import { auditRecordedV1, dlqTopicName, encodeEvent, newEventId, topicSpec, type AuditRecordedV1 } from '@asc/contracts/events';
import { ensureTopics } from '@asc/kafka';
import { AdminStore, Database } from '@asc/db';
import { createTestDatabase, type TestDatabase } from '@asc/db/testing';
import { EnvelopeCipher, parseMasterKey } from '@asc/secrets';
import { loadAuditConfig, type AuditConfig } from '@asc/config';
import { createAuditApp } from '../src';

/** End-to-end plumbing: a dev broker on a free port, a migrated Postgres database, the audit app on a free port. */
export const ADMIN_TOKEN = 'audit-test-admin-token-0123456789';
export const PEPPER = 'audit-test-pepper-0123456789abcdef0123';
export const SIGNING_SEED = Buffer.alloc(32, 42).toString('base64');

export interface Env {
  broker: RunningBroker;
  kafka: Kafka;
  testDb: TestDatabase;
  db: Database;
  store: AdminStore;
  config: AuditConfig;
  close(): Promise<void>;
}

export async function startEnv(): Promise<Env> {
  const dir = await mkdtemp(join(tmpdir(), 'asc-audit-it-'));
  const broker = await startBroker({ port: 0, dataDir: join(dir, 'broker') });
  const kafka = new Kafka({ clientId: 'audit-test', brokers: [broker.brokers], logLevel: logLevel.NOTHING, retry: { retries: 3, initialRetryTime: 100 } });
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, [topicSpec(auditRecordedV1.topic), topicSpec(dlqTopicName(auditRecordedV1.topic))], { replicationFactor: 1 });
  await admin.disconnect();
  const testDb = await createTestDatabase();
  const db = Database.connect(testDb.databaseUrl, { poolSize: 2 });
  const cipher = new EnvelopeCipher([parseMasterKey('test', randomBytes(32).toString('base64'))]);
  const store = new AdminStore({ db, cipher, keyPepper: Buffer.from(PEPPER, 'utf8') });
  const config = loadAuditConfig({
    DATABASE_URL: testDb.databaseUrl,
    ASC_KEY_HASH_SECRET: PEPPER,
    ASC_ADMIN_TOKEN: ADMIN_TOKEN,
    ASC_AUDIT_SIGNING_KEY: SIGNING_SEED,
    ASC_AUDIT_CHECKPOINT_EVERY: '10',
    ASC_AUDIT_CHECKPOINT_INTERVAL_MS: '3600000',
    KAFKA_BROKERS: broker.brokers,
    KAFKA_CLIENT_ID: 'audit-test',
    LOG_LEVEL: 'silent',
  });
  return {
    broker, kafka, testDb, db, store, config,
    async close() {
      await db.close();
      await broker.close();
      await testDb.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface RunningApp {
  app: NestFastifyApplication;
  url: string;
  close(): Promise<void>;
}

export async function startApp(config: AuditConfig): Promise<RunningApp> {
  const app = await createAuditApp(config);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { app, url: `http://127.0.0.1:${port}`, close: () => app.close() };
}

export async function publish(kafka: Kafka, events: readonly AuditRecordedV1[]): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  const messages = events.map((e) => {
    const encoded = encodeEvent(auditRecordedV1, e);
    return { key: encoded.key, value: encoded.value, headers: encoded.headers };
  });
  await producer.send({ topic: auditRecordedV1.topic, messages });
  await producer.disconnect();
}

let clock = Date.parse('2025-03-01T10:00:00.000Z');
/** Strictly increasing event times, one second apart. */
export function nextTime(): string {
  clock += 1000;
  return new Date(clock).toISOString();
}

export function requestEvent(tenantId: string, keyId: string, model: string, opts: { fallback?: boolean; failed?: boolean; time?: string } = {}): AuditRecordedV1 {
  return {
    id: newEventId(), schemaVersion: 1, tenantId, time: opts.time ?? nextTime(),
    actor: { type: 'key', id: keyId }, kind: 'request', resource: { type: 'model', id: model },
    outcome: opts.failed ? 'failure' : 'success', requestId: `req-${randomBytes(4).toString('hex')}`,
    traceId: randomBytes(16).toString('hex'), contentCaptured: false,
    details: { status: opts.failed ? 'failed' : 'succeeded', fallback: opts.fallback ?? false, latencyMs: 12.5, inputTokens: 10, outputTokens: 5 },
  };
}

export function otherEvent(tenantId: string, kind: 'admin.change' | 'budget.crossed' | 'policy.decision', outcome: AuditRecordedV1['outcome'] = 'success'): AuditRecordedV1 {
  const actor: AuditRecordedV1['actor'] = kind === 'admin.change' ? { type: 'admin', id: 'admin-jane' } : { type: 'service', id: kind.split('.')[0]! };
  return {
    id: newEventId(), schemaVersion: 1, tenantId, time: nextTime(), actor, kind,
    resource: kind === 'admin.change' ? { type: 'key', id: 'key-x' } : { type: 'budget', id: 'budget-1' },
    outcome, requestId: null, traceId: null, contentCaptured: false,
    details: kind === 'policy.decision' ? { reasons: ['model not allowed'], model: 'gpt-4o' } : { threshold: 'hard', spent: '10.00' },
  };
}

export async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function rowCount(databaseUrl: string, tenantId?: string): Promise<number> {
  return withSql(databaseUrl, async (sql) => {
    const { rows } = await sql.query<{ n: string }>(
      tenantId ? 'SELECT count(*)::text AS n FROM audit_records WHERE tenant_id = $1' : 'SELECT count(*)::text AS n FROM audit_records',
      tenantId ? [tenantId] : [],
    );
    return Number(rows[0]!.n);
  });
}

/** A superuser connection (the test role is `postgres`), e.g. to tamper with the audit table. */
export async function withSql<T>(databaseUrl: string, fn: (sql: Client) => Promise<T>): Promise<T> {
  const sql = new Client({ connectionString: databaseUrl });
  await sql.connect();
  try {
    return await fn(sql);
  } finally {
    await sql.end();
  }
}

export async function api<T = unknown>(url: string, path: string, token: string | undefined, init: RequestInit = {}): Promise<{ status: number; body: T }> {
  const response = await fetch(`${url}${path}`, {
    ...init,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.body ? { 'content-type': 'application/json' } : {}) },
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}
