// End-to-end ingestion throughput of the audit service (apps/audit/dist): events/s from the audit.recorded.v1 topic
// to committed hash-chain rows in Postgres.
// Starts the built dev broker on a free port, preloads N audit events (request events shaped like the gateway's,
// spread over T tenants, keyed by tenant) on the 6-partition topic, creates a fresh migrated database, then starts
// the built audit service as a child process and polls `count(*)` until every event is a chain row. Prints events/s
// from the first committed row to the last (steady state) and from service start (includes group join), the
// service's CPU time per event, then verifies a few tenants' chains through the API, and optionally replays the
// whole topic through a second consumer group to measure duplicate handling (nothing may be inserted).
// Usage: npm run build && [ASC_AUDIT_PROCESSES=2] node bench/audit-ingest.mjs [--events 200000] [--tenants 100] [--batch 2000] [--replay]
//        [--cpu-prof <dir>] (V8 CPU profile of the audit service)
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import kafkajs from 'kafkajs';
import pg from 'pg';
import { cpuSeconds, stop } from './lib/proc.mjs';

const require = createRequire(import.meta.url);
const { Kafka, logLevel } = kafkajs;
const { auditRecordedV1, encodeEvent, newEventId, topicSpec, dlqTopicName } = require('../libs/contracts/dist/events/index.js');
const { createTestDatabase } = require('../libs/db/dist/testing/index.js');

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '200000' },
    tenants: { type: 'string', default: '100' },
    batch: { type: 'string', default: '2000' },
    replay: { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
  },
});
const EVENTS = Number(args.events);
const TENANTS = Number(args.tenants);
const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';
const children = [];
const cleanups = [];

/** Starts a built program and resolves with the first match of `pattern` in its output. */
function startProgram(name, file, argv, env, pattern, nodeArgs = []) {
  const child = spawn(process.execPath, [...nodeArgs, fileURLToPath(new URL(file, import.meta.url)), ...argv], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    const onLine = (line) => {
      output += `${line}\n`;
      const m = pattern.exec(line);
      if (m) resolve({ child, match: m });
    };
    createInterface({ input: child.stdout }).on('line', onLine);
    createInterface({ input: child.stderr }).on('line', onLine);
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}:\n${output.slice(-3000)}`)));
  });
}

function auditEvent(n, time) {
  const tenantId = `bench-tenant-${n % TENANTS}`;
  return {
    id: newEventId(time), schemaVersion: 1, tenantId, time: new Date(time).toISOString(),
    actor: { type: 'key', id: `key-${n % 7}` }, kind: 'request', resource: { type: 'model', id: n % 3 ? 'gpt-4o-mini' : 'claude-sonnet-4-5' },
    outcome: 'success', requestId: `req-${n}`, traceId: '4bf92f3577b34da6a3ce929d0e0e4736', contentCaptured: false,
    details: {
      dialect: 'openai', status: 'succeeded', httpStatus: 200, streamed: true, modelServed: 'gpt-4o-mini-2024-07-18', provider: 'openai',
      deploymentId: 'openai-eu-1', region: 'eu-west-1', attempts: [{ deploymentId: 'openai-eu-1', httpStatus: 200, error: null }], fallback: false,
      inputTokens: 1200, outputTokens: 350, usageSource: 'reported', latencyMs: 812.4, timeToFirstTokenMs: 143.2, errorCode: null,
    },
  };
}

async function preload(kafka) {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const start = Date.now() - EVENTS;
  const chunk = 2000;
  let bytes = 0;
  for (let from = 0; from < EVENTS; from += chunk) {
    const messages = [];
    for (let n = from; n < Math.min(EVENTS, from + chunk); n++) {
      const encoded = encodeEvent(auditRecordedV1, auditEvent(n, start + n));
      bytes += encoded.value.length;
      messages.push({ key: encoded.key, value: encoded.value, headers: encoded.headers });
    }
    await producer.send({ topic: auditRecordedV1.topic, acks: -1, messages });
  }
  await producer.disconnect();
  return bytes / EVENTS;
}

/** CPU seconds of a process and its children (ASC_AUDIT_PROCESSES > 1 forks workers). */
function cpuTree(pid) {
  let children = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    // no children file: count the process alone
  }
  return cpuSeconds(pid) + children.reduce((sum, child) => sum + cpuTree(child), 0);
}

async function count(pool) {
  return Number((await pool.query('SELECT count(*)::int AS n FROM audit_records')).rows[0].n);
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'asc-audit-bench-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const { match } = await startProgram('dev-broker', '../tools/dev-broker/dist/main.js', ['--port', '0', '--data-dir', join(dataDir, 'broker')], {}, /listening on (\S+)/);
  const brokers = match[1];
  const kafka = new Kafka({ clientId: 'bench', brokers: [brokers], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  for (const spec of [topicSpec(auditRecordedV1.topic), topicSpec(dlqTopicName(auditRecordedV1.topic))]) {
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: spec.name, numPartitions: spec.partitions, replicationFactor: 1 }] });
  }
  await admin.disconnect();

  const t0 = Date.now();
  const avgBytes = await preload(kafka);
  console.log(`preloaded ${EVENTS} audit events (${TENANTS} tenants, ~${Math.round(avgBytes)} bytes each) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const db = await createTestDatabase();
  cleanups.push(() => db.drop());
  const pool = new pg.Pool({ connectionString: db.databaseUrl, max: 2 });
  cleanups.push(() => pool.end());

  const env = {
    DATABASE_URL: db.databaseUrl, NO_COLOR: '1', KAFKA_BROKERS: brokers, KAFKA_CLIENT_ID: 'audit-bench', ASC_AUDIT_PORT: '0',
    ASC_KEY_HASH_SECRET: 'bench-pepper-0123456789abcdef0123456789', ASC_ADMIN_TOKEN: ADMIN_TOKEN,
    ASC_AUDIT_SIGNING_KEY: Buffer.alloc(32, 5).toString('base64'), ASC_AUDIT_BATCH_EVENTS: args.batch,
    // info: the benchmark waits for the `listening on` line. Tracing off, as in the gateway benchmarks.
    LOG_LEVEL: 'info', OTEL_TRACES_EXPORTER: 'none',
  };
  const brokerCpuBefore = cpuSeconds(children[0].pid);
  const started = Date.now();
  const { child: service, match: listening } = await startProgram('audit', '../apps/audit/dist/main.js', [], env, /listening on (http:\/\/[0-9.:]+)/,
    args['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', args['cpu-prof']] : []);
  const url = listening[1];
  let first = 0;
  let done = 0;
  for (;;) {
    const n = await count(pool);
    if (n > 0 && first === 0) first = Date.now();
    if (n >= EVENTS) {
      done = Date.now();
      break;
    }
    if (Date.now() - started > 600_000) throw new Error(`only ${n} of ${EVENTS} rows after 10 minutes`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const cpu = cpuTree(service.pid);
  const brokerCpu = cpuSeconds(children[0].pid) - brokerCpuBefore;
  // The service's Postgres backends (application_name asc-audit) live as long as its pool: their CPU is the database's share.
  const backends = (await pool.query("SELECT pid FROM pg_stat_activity WHERE application_name = 'asc-audit'")).rows;
  const pgCpu = backends.reduce((sum, { pid }) => sum + cpuSeconds(pid), 0);
  const steady = EVENTS / ((done - first) / 1000);
  const overall = EVENTS / ((done - started) / 1000);
  const { rows: [stats] } = await pool.query('SELECT count(*)::int AS checkpoints FROM audit_checkpoints');
  const perEvent = (seconds) => (seconds * 1e6) / EVENTS;
  const totalCpu = perEvent(cpu) + perEvent(pgCpu) + perEvent(brokerCpu);
  console.log(`ingested ${EVENTS} events into ${TENANTS} chains: ${Math.round(steady)} events/s (first to last committed row), ` +
    `${Math.round(overall)} events/s from service start; ${stats.checkpoints} signed checkpoints`);
  console.log(`CPU per event (service: whole process life, start-up included): service ${perEvent(cpu).toFixed(1)} us, Postgres backends ${perEvent(pgCpu).toFixed(1)} us, ` +
    `broker ${perEvent(brokerCpu).toFixed(1)} us = ${totalCpu.toFixed(1)} us; CPU-bound ceiling on 2 idle cores ~${Math.round(2e6 / totalCpu)} events/s ` +
    `(service alone: ~${Math.round(1e6 / perEvent(cpu))} events/s per core); load average now ${(await import('node:os')).loadavg()[0].toFixed(1)}`);

  const vStart = Date.now();
  const verify = await (await fetch(`${url}/audit/v1/tenants/bench-tenant-0/verify`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json();
  console.log(`verify bench-tenant-0: intact=${verify.intact}, ${verify.records} records, ${verify.checkpoints.verified}/${verify.checkpoints.total} checkpoints in ${Date.now() - vStart} ms`);
  if (!verify.intact) throw new Error(`chain broken: ${JSON.stringify(verify.firstBreak)}`);
  await stop(service);

  if (args.replay) {
    const rStart = Date.now();
    const { child: replay, match: rListening } = await startProgram('audit-replay', '../apps/audit/dist/main.js', [], { ...env, ASC_AUDIT_CONSUMER_GROUP: 'audit-replay' }, /listening on (http:\/\/[0-9.:]+)/);
    for (;;) {
      const health = await (await fetch(`${rListening[1]}/health`)).json();
      if (health.ingest.duplicates >= EVENTS) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const rows = await count(pool);
    console.log(`replay of the whole topic by a second group: ${Math.round(EVENTS / ((Date.now() - rStart) / 1000))} events/s, rows still ${rows} (expected ${EVENTS})`);
    if (rows !== EVENTS) throw new Error('replay inserted rows');
    await stop(replay);
  }
}

try {
  await main();
} finally {
  for (const child of children) await stop(child);
  for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
}
