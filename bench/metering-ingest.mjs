// End-to-end ingestion throughput of the built metering service (apps/metering/dist): usage.recorded.v1 events
// preloaded on the development broker (tools/dev-broker/dist, child process) are consumed by metering (child
// process), which prices them and commits claims + daily spend + budgets + outbox rows per batch in Postgres.
// Measures events/s from the first committed batch to the last one (effect visible in Postgres), plus the time
// from metering's start (includes the consumer group join) and how long the outbox relay needs to put every
// metering.record.v1 CloudEvent on the finance topic. Prints the CPU seconds metering and the broker used.
// --relay separate runs the outbox relay (metering records -> Kafka) as a second metering process
// (ASC_METERING_ROLE=relay) next to the ingesting one (ASC_METERING_ROLE=ingest); inline runs one process doing both.
// Usage: npm run build && node bench/metering-ingest.mjs [--events 200000] [--tenants 50] [--budgets 20] [--batch 2000]
//        [--relay inline|separate]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import kafkajs from 'kafkajs';
import pg from 'pg';
import { TOPICS, encodeEvent, newEventId, usageRecordedV1 } from '@asc/contracts/events';
import { createTestDatabase } from '@asc/db/testing';
import { ensureTopics } from '@asc/kafka';
import { cpuSeconds } from './lib/proc.mjs';

const { Kafka, logLevel } = kafkajs;
const args = parseArgs({
  options: {
    events: { type: 'string', default: '200000' },
    tenants: { type: 'string', default: '50' },
    budgets: { type: 'string', default: '20' },
    batch: { type: 'string', default: '2000' },
    relay: { type: 'string', default: 'inline' },
  },
}).values;
const EVENTS = Number(args.events);
const TENANTS = Number(args.tenants);

const children = [];
process.once('exit', () => children.forEach((c) => c.kill('SIGKILL')));
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(130));

function withApplicationName(url, name) {
  const u = new URL(url);
  u.searchParams.set('application_name', name);
  return u.toString();
}

function startChild(name, script, argv, env, pattern) {
  const nodeArgs = name === 'metering' && process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const child = spawn(process.execPath, [...nodeArgs, script, ...argv], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    const onLine = (line) => {
      output += `${line}\n`;
      if (process.env.BENCH_VERBOSE) console.log(`[${name}] ${line}`);
      const m = pattern.exec(line);
      if (m) resolve({ child, match: m[1] });
    };
    createInterface({ input: child.stdout }).on('line', onLine);
    createInterface({ input: child.stderr }).on('line', onLine);
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}:\n${output.slice(-3000)}`)));
  });
}

const MODELS = [
  { provider: 'openai', model: 'gpt-4o-mini' },
  { provider: 'anthropic', model: 'claude-sonnet-4-6' },
  { provider: 'mistral', model: 'mistral-small-latest' },
  { provider: 'openai', model: 'text-embedding-3-small' },
];

function usage(i) {
  const m = MODELS[i % MODELS.length];
  return encodeEvent(usageRecordedV1, {
    ...usageRecordedV1.fixture,
    eventId: newEventId(),
    eventTime: new Date().toISOString(),
    tenantId: `tenant-${i % TENANTS}`,
    keyId: `key-${i % (TENANTS * 4)}`,
    requestId: `req-${i}`,
    provider: m.provider,
    modelServed: m.model,
    usage: { inputTokens: 800 + (i % 400), outputTokens: i % 300, cachedInputTokens: i % 5 === 0 ? 256 : 0, cacheWriteInputTokens: 0, source: i % 50 === 0 ? 'estimated' : 'reported' },
  });
}

const dataDir = mkdtempSync(join(tmpdir(), 'metering-bench-'));
const brokerMain = fileURLToPath(new URL('../tools/dev-broker/dist/main.js', import.meta.url));
const meteringMain = fileURLToPath(new URL('../apps/metering/dist/main.js', import.meta.url));
const { child: broker, match: brokers } = await startChild('broker', brokerMain, ['--port', '0', '--data-dir', dataDir], {}, /listening on (\S+)/);
const testDb = await createTestDatabase();
const pool = new pg.Pool({ connectionString: testDb.databaseUrl, max: 2 });
let metering;
let relay;
try {
  const kafka = new Kafka({ clientId: 'bench', brokers: [brokers], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, TOPICS, { replicationFactor: 1 });
  await admin.disconnect();

  // Budgets on some tenants, so the ingest path includes the budget update (monthly, never reached).
  for (let t = 0; t < Math.min(Number(args.budgets), TENANTS); t++) {
    await pool.query(
      `INSERT INTO budgets (id, tenant_id, state_key, period, amount, soft_threshold_pct, hard_limit, period_start, created_by)
       VALUES (gen_random_uuid(), $1, $1, 'month', 1000000, 80, 1000000, date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', 'bench')`,
      [`tenant-${t}`],
    );
  }

  const producer = kafka.producer();
  await producer.connect();
  const preloadStart = performance.now();
  for (let i = 0; i < EVENTS; i += 5000) {
    const messages = [];
    for (let j = i; j < Math.min(EVENTS, i + 5000); j++) {
      const e = usage(j);
      messages.push({ key: e.key, value: e.value, headers: e.headers });
    }
    await producer.send({ topic: usageRecordedV1.topic, messages, acks: -1 });
  }
  await producer.disconnect();
  console.log(`preloaded ${EVENTS} usage events in ${((performance.now() - preloadStart) / 1000).toFixed(1)} s`);

  const startedAt = performance.now();
  const meteringEnv = {
    // Names metering's Postgres sessions, so the bench can read their backends' CPU (the database's share of the work).
    DATABASE_URL: withApplicationName(testDb.databaseUrl, 'asc-metering-bench'),
    ASC_METERING_PORT: '0',
    ASC_ADMIN_TOKEN: 'bench-admin-token-0123456789',
    ASC_KEY_HASH_SECRET: 'b'.repeat(32),
    ASC_MASTER_KEYS: `bench:${Buffer.alloc(32, 7).toString('base64')}`,
    KAFKA_BROKERS: brokers,
    ASC_METERING_MAX_BATCH: args.batch,
    // info: the benchmark waits for the `listening on` line. Tracing off, as in the gateway benchmarks.
    LOG_LEVEL: 'info',
    OTEL_TRACES_EXPORTER: 'none',
  };
  if (args.relay === 'separate') {
    ({ child: relay } = await startChild('relay', meteringMain, [], { ...meteringEnv, ASC_METERING_ROLE: 'relay' }, /listening on (http:\/\/[0-9.:]+)/));
  }
  let meteringUrl;
  ({ child: metering, match: meteringUrl } = await startChild('metering', meteringMain, [], { ...meteringEnv, ASC_METERING_ROLE: args.relay === 'separate' ? 'ingest' : 'all' }, /listening on (http:\/\/[0-9.:]+)/));
  meteringUrl = meteringUrl.replace(/\u001b\[[0-9;]*m/g, '');

  const applied = async () => Number((await pool.query('SELECT coalesce(sum(requests), 0) AS n FROM spend_daily')).rows[0].n);
  let firstAt = 0;
  let n = 0;
  const deadline = Date.now() + 600_000;
  while (n < EVENTS) {
    if (Date.now() > deadline) throw new Error(`only ${n} of ${EVENTS} events applied`);
    await new Promise((r) => setTimeout(r, 50));
    n = await applied();
    if (n > 0 && firstAt === 0) firstAt = performance.now();
  }
  const doneAt = performance.now();
  const meteringCpu = cpuSeconds(metering.pid);
  const relayCpu = relay ? cpuSeconds(relay.pid) : 0;
  const brokerCpu = cpuSeconds(broker.pid);
  const backends = (await pool.query("SELECT pid FROM pg_stat_activity WHERE application_name = 'asc-metering-bench'")).rows;
  const pgCpu = backends.reduce((sum, { pid }) => sum + cpuSeconds(pid), 0);
  while (Number((await pool.query('SELECT count(*) AS n FROM metering_outbox')).rows[0].n) > 0) await new Promise((r) => setTimeout(r, 50));
  const relayedAt = performance.now();

  const health = await (await fetch(`${meteringUrl}/healthz`)).json();
  const steady = EVENTS / ((doneAt - firstAt) / 1000);
  const fromStart = EVENTS / ((doneAt - startedAt) / 1000);
  console.log(`metering ingest: ${EVENTS} events applied in ${((doneAt - firstAt) / 1000).toFixed(2)} s after the first commit`);
  console.log(`  ${Math.round(steady)} events/s (first commit -> last commit in Postgres)`);
  console.log(`  ${Math.round(fromStart)} events/s including process start and consumer group join`);
  console.log(`  outbox: every metering.record.v1 on the finance topic ${((relayedAt - startedAt) / 1000).toFixed(2)} s after start`);
  console.log(`  ${health.ingest.commits} offset commits, ${(EVENTS / health.ingest.commits).toFixed(0)} events per transaction on average`);
  if (relay) console.log(`  relay process CPU until last commit: ${relayCpu.toFixed(1)} s`);
  console.log(`  CPU until last commit (includes ~2 s of start-up): metering ${meteringCpu.toFixed(1)} s, broker ${brokerCpu.toFixed(1)} s (${((meteringCpu * 1e6) / EVENTS).toFixed(0)} us of metering CPU per event)`);
  console.log(`  Postgres backends of metering (ingest and relay; still open ones only): ${pgCpu.toFixed(1)} s, ${((pgCpu * 1e6) / EVENTS).toFixed(0)} us per event`);
} finally {
  for (const child of [metering, relay]) {
    await new Promise((resolve) => {
      if (!child || child.exitCode !== null) return resolve();
      child.once('exit', resolve);
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    });
  }
  broker.kill('SIGTERM');
  await pool.end();
  await testDb.drop();
  rmSync(dataDir, { recursive: true, force: true });
}
