// CPU cost of publishing the gateway's per-request events (usage.recorded.v1 + audit.recorded.v1) through
// ReliableProducer, in the publishing process, split by stage. Plain Node ESM against the built dist/:
//   npx tsc -b libs/kafka tools/dev-broker apps/gateway && taskset -c 0 node bench/event-publish.mjs [--pairs 20000]
//     [--burst 8] [--rate 3000] [--runs 3] [--linger 20]
// The dev broker runs in a child process (its CPU is not counted). process.cpuUsage() counts every thread of this
// process: the event loop, the libuv pool (zlib, fs) and any worker thread, so moving work off the event loop does
// not hide it here. Stages, each on the same N pairs:
//   build       the gateway's request-events builders (apps/gateway/dist/usage/request-events.js)
//   validate    validate + serialise each event (the producer edge), as ReliableProducer does it
//   spool       append the encoded records to a fresh DiskSpool in bursts of --burst pairs per event-loop turn
//   sender      a ReliableProducer started on that spool drains it to the broker (spool read, kafkajs, gzip, acks)
//   end-to-end  a fresh ReliableProducer, --burst pairs published per turn at --rate pairs/s, build included,
//               until flush() reports the spool empty; its sender sends the small batches real traffic makes
// --external adds, per run, the same end-to-end traffic through a writer with `sender: 'external'` (validate +
// spool only, as the gateway runs with ASC_EVENT_SHIPPER=external) and the spool shipper process
// (libs/kafka/dist/shipper-main.js) pinned to the last core: CPU per event in this process (the writer) and in the
// shipper (its own process.cpuUsage(), read from its /stats endpoint before and after).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const { Kafka, logLevel } = require('kafkajs');
const kafkaLib = require('../libs/kafka/dist/index.js');
const events = require('../libs/contracts/dist/events/index.js');
const { toUsageEvent, toRequestAuditEvent, traceIdOf } = require('../apps/gateway/dist/usage/request-events.js');

const { values: args } = parseArgs({
  options: {
    pairs: { type: 'string', default: '20000' },
    burst: { type: 'string', default: '8' },
    rate: { type: 'string', default: '3000' },
    runs: { type: 'string', default: '3' },
    linger: { type: 'string', default: '20' },
    external: { type: 'boolean', default: false },
  },
});
const EXTERNAL = args.external;
const PAIRS = Number(args.pairs);
const BURST = Number(args.burst);
const RATE = Number(args.rate);
const RUNS = Number(args.runs);
const LINGER_MS = Number(args.linger);

/** A finished streamed request as the proxy hands it to the event sink (one fallback attempt, reported usage). */
function finishedRequest(i) {
  const target = { provider: 'openai', upstreamModel: 'gpt-4o-mini-2024-07-18' };
  const served = { deploymentId: 'openai-eu-2', tenantId: null, model: 'gpt-4o-mini', region: 'eu-west-1', priority: 1, weight: 1, operations: ['chat'], target };
  return {
    requestId: `req-${(1_000_000 + i).toString(36)}-8f2c1d`,
    tenantId: `tenant-${i % 50}`,
    keyId: `key-${i % 200}`,
    dialect: 'openai',
    modelRequested: 'gpt-4o-mini',
    traceparent: `00-${(i + 1).toString(16).padStart(32, '0')}-00f067aa0ba902b7-01`,
    outcome: {
      status: 'succeeded',
      httpStatus: 200,
      streamed: true,
      served,
      attempts: [{ deploymentId: 'openai-eu-1', httpStatus: 503, error: 'PROVIDER_UNAVAILABLE' }, { deploymentId: 'openai-eu-2', httpStatus: 200 }],
      usage: { inputTokens: 1200 + (i % 100), outputTokens: 350, cachedInputTokens: 1024, cacheWriteInputTokens: 0, source: 'reported' },
      latencyMs: 812.4 + (i % 13),
      timeToFirstTokenMs: 143.2,
    },
  };
}

function buildPair(request) {
  const now = new Date();
  const traceId = traceIdOf(request.traceparent);
  return { usage: toUsageEvent(request, traceId, now), audit: toRequestAuditEvent(request, traceId, now), trace: { traceparent: request.traceparent } };
}

/** CPU µs of this process (all threads) spent in `fn`. */
async function cpuOf(fn) {
  const before = process.cpuUsage();
  const wallStart = performance.now();
  const result = await fn();
  const cpu = process.cpuUsage(before);
  return { cpuUs: cpu.user + cpu.system, wallMs: performance.now() - wallStart, result };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

function startBrokerChild(dataDir) {
  const script = `
    const { startBroker } = require(${JSON.stringify(require.resolve('../tools/dev-broker/dist/index.js'))});
    startBroker({ port: 0, dataDir: ${JSON.stringify(dataDir)}, logger: { info() {}, warn() {}, error() {}, debug() {} } })
      .then((b) => { process.stdout.write('BROKER ' + b.brokers + '\\n'); process.on('SIGTERM', () => b.close().then(() => process.exit(0))); });`;
  // Keep the broker off the core this process may be pinned to (taskset -c 0), so it does not steal our time.
  const cores = cpus().length;
  const command = cores > 1 ? ['taskset', ['-c', String(cores - 1), process.execPath, '-e', script]] : [process.execPath, ['-e', script]];
  const child = spawn(command[0], command[1], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`broker exited with ${code}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('BROKER ')) resolve({ child, brokers: line.slice(7) });
    });
  });
}

function kafkaFor(brokers) {
  return new Kafka({ clientId: 'bench-events', brokers: [brokers], logLevel: logLevel.NOTHING, connectionTimeout: 2000 });
}

/** The producer edge as ReliableProducer runs it (before: zod encodeEvent; after: compiled validateEvent). */
const encodeRecord = events.validateEvent
  ? (contract, input, trace) => {
      const event = events.validateEvent(contract, input);
      return { topic: contract.topic, key: contract.key(event), headers: events.eventHeaders(contract, trace), value: JSON.stringify(event) };
    }
  : (contract, event, trace) => {
      const encoded = events.encodeEvent(contract, event, trace);
      return { topic: encoded.topic, key: encoded.key, headers: { ...encoded.headers }, value: encoded.value.toString('utf8') };
    };

function pinnedToLastCore(cmd, cmdArgs) {
  const cores = cpus().length;
  return cores > 1 ? ['taskset', ['-c', String(cores - 1), cmd, ...cmdArgs]] : [cmd, cmdArgs];
}

/** The spool shipper process on `dir`; resolves with its /stats reader once it runs. */
function startShipperChild(dir, brokers) {
  const main = require.resolve('../libs/kafka/dist/shipper-main.js');
  const [cmd, cmdArgs] = pinnedToLastCore(process.execPath, [main, '--spool-dir', dir, '--metrics-port', '0', '--linger-ms', String(LINGER_MS), '--stats-interval-ms', '0']);
  const child = spawn(cmd, cmdArgs, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, KAFKA_BROKERS: brokers, KAFKA_CLIENT_ID: 'bench-shipper' } });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`shipper exited with ${code}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /metrics=(\S+)\/metrics$/.exec(line);
      if (!match) return;
      const stats = async () => (await fetch(`${match[1]}/stats`)).json();
      const stop = () => new Promise((r) => (child.removeAllListeners('exit'), child.once('exit', r), child.kill('SIGTERM')));
      resolve({ stats, stop });
    });
  });
}

/** Paced end-to-end traffic as the gateway makes it: --burst pairs per turn at --rate pairs/s, build included. */
async function pacedTraffic(producer, requests) {
  const started = performance.now();
  for (let i = 0; i < PAIRS; i += BURST) {
    for (let j = i; j < Math.min(PAIRS, i + BURST); j++) {
      const p = buildPair(requests[j]);
      producer.publish(events.usageRecordedV1, p.usage, { trace: p.trace });
      producer.publish(events.auditRecordedV1, p.audit, { trace: p.trace });
    }
    const due = started + ((i + BURST) / RATE) * 1000;
    const wait = due - performance.now();
    await (wait > 1 ? new Promise((r) => setTimeout(r, wait)) : tick());
  }
  if (!(await producer.flush(120_000))) throw new Error(`end-to-end did not drain: ${JSON.stringify(producer.stats())}`);
}

/**
 * The same traffic through an external-sender writer here and the shipper process beside it. One shipper serves
 * every run (a new writer each run, on the same directory), so run 0 warms its JIT and connection like ours.
 */
async function externalRun(shipper, dir, requests) {
  const producer = await kafkaLib.ReliableProducer.start({ sender: 'external', spool: { dir, maxBytes: 1 << 30, cursorPollMs: 20 }, onSpoolFull: 'fail-closed' });
  try {
    await producer.publish(events.usageRecordedV1, buildPair(finishedRequest(0)).usage);
    await producer.flush(10_000); // the shipper connects outside the measurement
    const before = await shipper.stats();
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    const writer = await cpuOf(() => pacedTraffic(producer, requests));
    delay.disable();
    const after = await shipper.stats();
    if (after.sentEvents - before.sentEvents < 2 * PAIRS) throw new Error(`shipper sent only ${after.sentEvents - before.sentEvents} events`);
    return {
      extWriter: writer.cpuUs,
      extShipper: after.cpuUserUs + after.cpuSystemUs - before.cpuUserUs - before.cpuSystemUs,
      extWallMs: writer.wallMs,
      extLoopDelayP99Ms: delay.percentile(99) / 1e6,
      extLoopDelayMaxMs: delay.max / 1e6,
    };
  } finally {
    await producer.close();
  }
}

async function runOnce(kafka, shipper, root, run) {
  const requests = Array.from({ length: PAIRS }, (_, i) => finishedRequest(i + run * PAIRS));
  const out = {};

  const build = await cpuOf(() => requests.map(buildPair));
  out.build = build.cpuUs;
  const pairs = build.result;

  const validate = await cpuOf(() => {
    const records = [];
    for (const p of pairs) records.push(encodeRecord(events.usageRecordedV1, p.usage, p.trace), encodeRecord(events.auditRecordedV1, p.audit, p.trace));
    return records;
  });
  out.validate = validate.cpuUs;
  const records = validate.result;
  const bytes = records.reduce((n, r) => n + (typeof r.value === 'string' ? Buffer.byteLength(r.value) : r.value.length), 0);

  const spoolDir = join(root, `spool-${run}`);
  const spool = await cpuOf(async () => {
    const s = await kafkaLib.DiskSpool.open({ dir: spoolDir, maxBytes: 1 << 30 });
    for (let i = 0; i < records.length; i += 2 * BURST) {
      for (let j = i; j < Math.min(records.length, i + 2 * BURST); j++) s.append(records[j]).catch(() => undefined);
      await tick();
    }
    await s.flushWrites();
    await s.close();
  });
  out.spool = spool.cpuUs;

  const sender = await cpuOf(async () => {
    const producer = await kafkaLib.ReliableProducer.start({ kafka, spool: { dir: spoolDir, maxBytes: 1 << 30 }, onSpoolFull: 'fail-closed' });
    if (!(await producer.flush(120_000))) throw new Error(`sender did not drain: ${JSON.stringify(producer.stats())}`);
    await producer.close();
  });
  out.sender = sender.cpuUs;
  out.senderWallMs = sender.wallMs;

  // End to end, paced like traffic: the sender's batches are what a gateway at --rate requests/s would send.
  const e2eDir = join(root, `e2e-${run}`);
  const producer = await kafkaLib.ReliableProducer.start({ kafka, spool: { dir: e2eDir, maxBytes: 1 << 30 }, onSpoolFull: 'fail-closed', lingerMs: LINGER_MS });
  await producer.publish(events.usageRecordedV1, buildPair(finishedRequest(0)).usage);
  await producer.flush(10_000); // connect outside the measurement
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const e2e = await cpuOf(() => pacedTraffic(producer, requests));
  delay.disable();
  await producer.close();
  out.e2e = e2e.cpuUs;
  out.e2eWallMs = e2e.wallMs;
  out.loopDelayP99Ms = delay.percentile(99) / 1e6;
  out.loopDelayMaxMs = delay.max / 1e6;
  out.bytesPerEvent = bytes / records.length;
  if (producer.stats().sentEvents < 2 * PAIRS) throw new Error(`only ${producer.stats().sentEvents} events sent`);
  if (shipper) Object.assign(out, await externalRun(shipper, join(root, 'ext'), requests));
  return out;
}

async function main() {
  const root = mkdtempSync(join(tmpdir(), 'asc-bench-events-'));
  const { child, brokers } = await startBrokerChild(join(root, 'broker'));
  try {
    const kafka = kafkaFor(brokers);
    const admin = kafka.admin();
    await admin.connect();
    await kafkaLib.ensureTopics(admin, events.TOPICS, { replicationFactor: 1 });
    await admin.disconnect();

    const shipper = EXTERNAL ? await startShipperChild(join(root, 'ext'), brokers) : undefined;
    const results = [];
    for (let run = 0; run <= RUNS; run++) {
      const r = await runOnce(kafka, shipper, root, run);
      if (run > 0) results.push(r); // run 0 warms the JIT and the connections
    }
    await shipper?.stop();
    const median = (key) => results.map((r) => r[key]).sort((a, b) => a - b)[Math.floor(results.length / 2)];
    const perEvent = (key) => (median(key) / (2 * PAIRS)).toFixed(1);
    const stages = ['build', 'validate', 'spool', 'sender'];
    const sum = stages.reduce((n, s) => n + median(s), 0);
    process.stdout.write(
      [
        `event-publish: ${PAIRS} usage+audit pairs x ${RUNS} runs (median), ~${Math.round(median('bytesPerEvent'))} B/event, node ${process.version}`,
        'CPU µs per event in the publishing process (all threads):',
        ...stages.map((s) => `  ${s.padEnd(10)} ${perEvent(s).padStart(6)}`),
        `  ${'sum'.padEnd(10)} ${(sum / (2 * PAIRS)).toFixed(1).padStart(6)}   (sender drained ${PAIRS * 2} events in ${median('senderWallMs').toFixed(0)} ms)`,
        `  ${'end-to-end'.padEnd(10)} ${perEvent('e2e').padStart(6)}   (${RATE} pairs/s, bursts of ${BURST}, linger ${LINGER_MS} ms; per request: ${(median('e2e') / PAIRS).toFixed(1)} µs)`,
        `event-loop delay during end-to-end: p99 ${median('loopDelayP99Ms').toFixed(2)} ms, max ${median('loopDelayMaxMs').toFixed(2)} ms`,
        ...(EXTERNAL
          ? [
              `external sender (same traffic; writer = this process, shipper = shipper-main.js on core ${cpus().length - 1}):`,
              `  ${'writer'.padEnd(10)} ${perEvent('extWriter').padStart(6)}   (per request: ${(median('extWriter') / PAIRS).toFixed(1)} µs; event-loop delay p99 ${median('extLoopDelayP99Ms').toFixed(2)} ms, max ${median('extLoopDelayMaxMs').toFixed(2)} ms)`,
              `  ${'shipper'.padEnd(10)} ${perEvent('extShipper').padStart(6)}   (its own process, all threads)`,
            ]
          : []),
      ].join('\n') + '\n',
    );
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
