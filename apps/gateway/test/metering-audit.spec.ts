import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOPICS } from '@asc/contracts/events';
import { createTestDatabase, type TestDatabase } from '@asc/db/testing';
import { startBroker } from '@asc/dev-broker';
import { ensureTopics } from '@asc/kafka';
import { startGatewayHarness, seedTenant, type GatewayHarness } from './harness';

const ROOT = join(__dirname, '../../..');

function startService(entry: string, env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(ROOT, entry)], { env: { PATH: process.env.PATH ?? '', OTEL_TRACES_EXPORTER: 'none', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry} did not start:\n${output}`)), 40_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1]!, child });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${entry} exited with ${code}:\n${output}`)));
  });
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function poll<T>(read: () => Promise<T>, until: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (until(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * The whole chain over the development Kafka broker: gateway → usage and audit events → metering (exact spend) and
 * audit (timeline); a budget's hard limit makes the gateway refuse the next request, and the refusal is audited.
 */
describe('gateway → Kafka → metering and audit', () => {
  let database: TestDatabase;
  let broker: Awaited<ReturnType<typeof startBroker>>;
  let metering: { url: string; child: ChildProcess };
  let audit: { url: string; child: ChildProcess };
  let h: GatewayHarness;
  let tenant: { tenantId: string; secret: string };
  const dataDir = mkdtempSync(join(tmpdir(), 'asc-e2e-kafka-'));
  const secrets = {
    ASC_KEY_HASH_SECRET: randomBytes(32).toString('base64url'),
    ASC_MASTER_KEYS: `e2e:${randomBytes(32).toString('base64')}`,
    ASC_ADMIN_TOKEN: `admin-${randomBytes(24).toString('base64url')}`,
  };
  const admin = (url: string, path: string, init: RequestInit = {}) =>
    fetch(`${url}${path}`, { ...init, headers: { authorization: `Bearer ${secrets.ASC_ADMIN_TOKEN}`, 'content-type': 'application/json', ...(init.headers ?? {}) } });

  beforeAll(async () => {
    database = await createTestDatabase();
    broker = await startBroker({ port: 0, dataDir });
    const kafkaAdmin = new Kafka({ clientId: 'e2e', brokers: [broker.brokers], logLevel: logLevel.NOTHING }).admin();
    await kafkaAdmin.connect();
    await ensureTopics(kafkaAdmin, TOPICS, { replicationFactor: 1 });
    await kafkaAdmin.disconnect();
    const common = { ...secrets, DATABASE_URL: database.databaseUrl, KAFKA_BROKERS: broker.brokers };
    [metering, audit] = await Promise.all([
      startService('apps/metering/dist/main.js', { ...common, ASC_METERING_PORT: '0', ASC_SPOOL_DIR: join(dataDir, 'spool-metering'), ASC_METERING_OUTBOX_POLL_MS: '100' }),
      startService('apps/audit/dist/main.js', { ...common, ASC_AUDIT_PORT: '0', ASC_AUDIT_SIGNING_KEY: randomBytes(32).toString('base64') }),
    ]);
    h = await startGatewayHarness({ ...secrets, KAFKA_BROKERS: broker.brokers, ASC_EVENTS_ENABLED: 'true', ASC_SPOOL_DIR: join(dataDir, 'spool-gateway') }, { databaseUrl: database.databaseUrl });
    tenant = await seedTenant(h, 'billing');
  }, 120_000);

  afterAll(async () => {
    await h?.close();
    await Promise.all([stop(metering?.child), stop(audit?.child)]);
    await broker?.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const chat = (content: string, stream: boolean) =>
    fetch(`${h.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tenant.secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', max_tokens: 16, stream, messages: [{ role: 'user', content }] }),
    });

  it('meters exactly what the provider reported, streamed or not, and shows each request in the audit timeline', async () => {
    // "abcd" → 1 input token, 12 output tokens per request (the mock's usage); gpt-4o-mini: $0.15 / $0.60 per million.
    for (const stream of [false, true, false, true]) expect((await chat('abcd', stream)).status).toBe(200);
    type Spend = { groups?: { tenant: string; requests: string; inputTokens: string; outputTokens: string; cost: string; estimatedCost: string }[] };
    const spend = await poll(
      async () => (await (await admin(metering.url, `/v1/spend?from=2020-01-01&to=2100-01-01&tenantId=${tenant.tenantId}&groupBy=tenant`)).json()) as Spend,
      (body) => body.groups?.[0]?.requests === '4',
    );
    // 4 × (1 × 0.15 + 12 × 0.60) / 1e6 = 0.0000294, exactly
    expect(spend.groups![0]).toMatchObject({ tenant: tenant.tenantId, inputTokens: '4', outputTokens: '48', cost: '0.0000294', estimatedCost: '0' });

    const timeline = await poll(
      async () => (await (await admin(audit.url, `/audit/v1/tenants/${tenant.tenantId}/timeline?kind=request&limit=50`)).json()) as { items: { record: { kind: string; details: { streamed: boolean } } }[] },
      (body) => (body.items ?? []).length >= 4,
    );
    expect(timeline.items.filter((i) => i.record.kind === 'request')).toHaveLength(4);
  });

  it('refuses requests over a budget hard limit, and the refusal appears in the timeline', async () => {
    const created = await admin(metering.url, '/v1/budgets', { method: 'POST', body: JSON.stringify({ tenantId: tenant.tenantId, period: 'day', amount: '0.00005', softThresholdPct: 50 }) });
    expect(created.status).toBeLessThan(300);
    // Spend until the gateway refuses: already $0.0000294 spent; each request reserves ~$0.0000098 up front.
    let refused: Response | undefined;
    await poll(
      async () => {
        const response = await chat('abcd', false);
        if (response.status === 429) refused = response;
        return response.status;
      },
      (status) => status === 429,
      30_000,
    );
    const body = (await refused!.json()) as { error: { type: string; code: string; message: string } };
    expect(body.error.code).toBe('insufficient_quota');
    expect(body.error.message).toContain('BUDGET_EXHAUSTED');
    const denials = await poll(
      async () => (await (await admin(audit.url, `/audit/v1/tenants/${tenant.tenantId}/timeline?kind=policy.decision&limit=50`)).json()) as { items: { record: { outcome: string } }[] },
      (b) => (b.items ?? []).some((i) => i.record.outcome === 'denied'),
    );
    expect(denials.items.length).toBeGreaterThan(0);
  }, 60_000);
});
