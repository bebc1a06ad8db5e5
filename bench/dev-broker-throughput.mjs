// Throughput of the built dev broker (tools/dev-broker/dist) through kafkajs 2.2.4.
// Starts the broker as a child process on a free port with a fresh data dir, produces N 1 KiB events from a
// worker thread (kafkajs producer, batched sends, acks=-1, several sends in flight) while a kafkajs consumer group
// on the main thread reads them, then prints produce events/s, end-to-end events/s (first send to last event
// consumed), MB/s, and the broker's own CPU time per event (to tell broker cost from client cost).
// Usage: npm run build && node bench/dev-broker-throughput.mjs [--events 200000] [--batch 500] [--inflight 4]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import kafkajs from 'kafkajs';

const { Kafka, logLevel } = kafkajs;
const EVENT_BYTES = 1024;
const TOPIC = 'bench-events';

if (isMainThread) await runBench();
else await runProducer(workerData);

async function runProducer({ brokers, events, batch, inflight }) {
  const kafka = new Kafka({ clientId: 'bench-producer', brokers: [brokers], logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const payload = Buffer.alloc(EVENT_BYTES - 8, 'x');
  const messages = (from, count) =>
    Array.from({ length: count }, (_, i) => ({
      key: String((from + i) % 1024),
      value: Buffer.concat([Buffer.from(String(from + i).padStart(8, '0')), payload]),
    }));
  parentPort.postMessage({ type: 'ready' });
  await new Promise((r) => parentPort.once('message', r));
  const start = performance.now();
  let next = 0;
  const sender = async () => {
    while (next < events) {
      const from = next;
      const count = Math.min(batch, events - from);
      next += count;
      await producer.send({ topic: TOPIC, acks: -1, messages: messages(from, count) });
    }
  };
  await Promise.all(Array.from({ length: inflight }, sender));
  parentPort.postMessage({ type: 'produced', ms: performance.now() - start });
  await producer.disconnect();
}

function brokerCpuMs(pid) {
  // utime + stime in clock ticks (fields 14 and 15 of /proc/<pid>/stat); Linux only.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

async function runBench() {
  const { values: args } = parseArgs({
    options: {
      events: { type: 'string', default: '200000' },
      batch: { type: 'string', default: '500' },
      partitions: { type: 'string', default: '3' },
      inflight: { type: 'string', default: '4' },
    },
  });
  const events = Number(args.events);
  const partitions = Number(args.partitions);
  const mainJs = fileURLToPath(new URL('../tools/dev-broker/dist/main.js', import.meta.url));
  const dataDir = mkdtempSync(join(tmpdir(), 'dev-broker-bench-'));
  const child = spawn(process.execPath, [mainJs, '--port', '0', '--data-dir', dataDir, '--partitions', String(partitions)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const brokers = await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`broker exited with ${code}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = /listening on (\S+)/.exec(line);
      if (m) resolve(m[1]);
    });
  });

  const kafka = new Kafka({ clientId: 'bench', brokers: [brokers], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: partitions }] });
  await admin.disconnect();

  let consumed = 0;
  let lastConsumedAt = 0;
  let allConsumed;
  const done = new Promise((r) => (allConsumed = r));
  const consumer = kafka.consumer({ groupId: 'bench-readers', maxBytesPerPartition: 4 << 20, maxBytes: 16 << 20 });
  await consumer.connect();
  await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
  let joined;
  const isJoined = new Promise((r) => (joined = r));
  consumer.on(consumer.events.GROUP_JOIN, () => joined());
  await consumer.run({
    eachBatch: async ({ batch }) => {
      consumed += batch.messages.length;
      if (consumed >= events) {
        lastConsumedAt = performance.now();
        allConsumed();
      }
    },
  });
  await isJoined;

  const worker = new Worker(new URL(import.meta.url), {
    workerData: { brokers, events, batch: Number(args.batch), inflight: Number(args.inflight) },
  });
  await new Promise((r) => worker.once('message', r));
  const cpuBefore = brokerCpuMs(child.pid);
  const start = performance.now();
  worker.postMessage('go');
  const produced = await new Promise((r) => worker.on('message', (m) => m.type === 'produced' && r(m)));
  await done;
  const e2eMs = lastConsumedAt - start;
  const brokerCpu = brokerCpuMs(child.pid) - cpuBefore;

  const mb = (events * EVENT_BYTES) / (1024 * 1024);
  const fmt = (n) => Math.round(n).toLocaleString('en-US');
  console.log(`dev-broker throughput: ${fmt(events)} events x ${EVENT_BYTES} B, ${partitions} partitions, batches of ${args.batch}, ${args.inflight} sends in flight`);
  console.log(`  produce:    ${fmt(events / (produced.ms / 1000))} events/s  ${(mb / (produced.ms / 1000)).toFixed(1)} MB/s  (${fmt(produced.ms)} ms)`);
  console.log(`  end-to-end: ${fmt(events / (e2eMs / 1000))} events/s  ${(mb / (e2eMs / 1000)).toFixed(1)} MB/s  (${fmt(e2eMs)} ms, produce + consume)`);
  console.log(`  broker CPU: ${fmt(brokerCpu)} ms = ${((brokerCpu * 1000) / events).toFixed(1)} us/event (the rest is kafkajs)`);
  if (consumed !== events) console.log(`  WARNING: consumed ${consumed} of ${events}`);

  await worker.terminate();
  await consumer.disconnect();
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
}
