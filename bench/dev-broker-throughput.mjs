// Throughput of the built dev broker (tools/dev-broker/dist) through kafkajs 2.2.4.
// Starts the broker as a child process on a free port with a fresh data dir, produces N 1 KiB events from
// worker threads (kafkajs producers, batched sends, acks=-1, several sends in flight) while a kafkajs consumer group
// on the main thread reads them, then prints produce events/s, end-to-end events/s (first send to last event
// consumed), MB/s, and the broker's own CPU time per event (to tell broker cost from client cost).
// --producer replay swaps the kafkajs producer for one that encodes a produce request per partition once, with
// kafkajs's own protocol encoder, and replays those frames over one socket: it shows what the broker and the
// kafkajs consumer sustain when the kafkajs producer's per-record CPU cost is out of the way.
// Usage: npm run build && node bench/dev-broker-throughput.mjs [--events 200000] [--batch 1000] [--inflight 4]
//        [--partitions 3] [--producers 2] [--producer kafkajs|replay]
// kafkajs spends ~35 us of CPU per 1 KiB record it produces; two producer threads are what it takes to keep both
// cores busy (one kafkajs producer tops out near 30k events/s on its own).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
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
else if (workerData.producer === 'replay') await runReplayProducer(workerData);
else await runProducer(workerData);

function benchMessages(from, count) {
  const payload = Buffer.alloc(EVENT_BYTES - 8, 'x');
  return Array.from({ length: count }, (_, i) => ({
    key: String((from + i) % 1024),
    value: Buffer.concat([Buffer.from(String(from + i).padStart(8, '0')), payload]),
  }));
}

async function runReplayProducer({ brokers, events, batch, inflight, partitions }) {
  const require = createRequire(import.meta.url);
  const encodeFrame = require('kafkajs/src/protocol/request');
  const ProduceV3 = require('kafkajs/src/protocol/requests/produce/v3/request');
  const frames = [];
  for (let p = 0; p < partitions; p++) {
    const request = ProduceV3({ acks: -1, timeout: 30000, topicData: [{ topic: TOPIC, partitions: [{ partition: p, messages: benchMessages(p * batch, batch) }] }] });
    frames.push((await encodeFrame({ correlationId: p, clientId: 'bench-replay', request })).buffer);
  }
  const [host, port] = brokers.split(':');
  const socket = await new Promise((resolve) => {
    const s = connect({ host, port: Number(port) }, () => resolve(s));
  });
  parentPort.postMessage({ type: 'ready' });
  await new Promise((r) => parentPort.once('message', r));
  const start = performance.now();
  const total = Math.ceil(events / batch);
  let sent = 0;
  let answered = 0;
  let pending = Buffer.alloc(0);
  await new Promise((resolve, reject) => {
    const send = () => {
      while (sent < total && sent - answered < inflight) socket.write(frames[sent++ % frames.length]);
    };
    // Responses arrive in request order on one connection; check each partition's error code.
    socket.on('data', (chunk) => {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (pending.length >= 4 && pending.length >= 4 + pending.readInt32BE(0)) {
        const size = pending.readInt32BE(0);
        const nameLength = pending.readInt16BE(12);
        const errorCode = pending.readInt16BE(14 + nameLength + 8);
        if (errorCode !== 0) return reject(new Error(`produce error ${errorCode}`));
        pending = pending.subarray(4 + size);
        answered++;
      }
      if (answered === total) resolve();
      else send();
    });
    send();
  });
  parentPort.postMessage({ type: 'produced', ms: performance.now() - start, events: total * batch });
  socket.destroy();
}

async function runProducer({ brokers, events, batch, inflight }) {
  const kafka = new Kafka({ clientId: 'bench-producer', brokers: [brokers], logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const messages = benchMessages;
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
      batch: { type: 'string', default: '1000' },
      partitions: { type: 'string', default: '3' },
      inflight: { type: 'string', default: '4' },
      producer: { type: 'string', default: 'kafkajs' },
      producers: { type: 'string', default: '2' },
    },
  });
  const events = Math.ceil(Number(args.events) / Number(args.producers) / Number(args.batch)) * Number(args.batch) * Number(args.producers);
  const partitions = Number(args.partitions);
  const mainJs = fileURLToPath(new URL('../tools/dev-broker/dist/main.js', import.meta.url));
  const dataDir = mkdtempSync(join(tmpdir(), 'dev-broker-bench-'));
  const child = spawn(process.execPath, [mainJs, '--port', '0', '--data-dir', dataDir, '--partitions', String(partitions)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // Never leave the broker behind, whatever ends this process (errors, a closed stdout pipe).
  process.once('exit', () => child.kill('SIGKILL'));
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

  // Each producer worker sends its share of the events (--producers N: N threads, N kafkajs producers).
  const producerCount = Number(args.producers);
  const share = Math.ceil(events / producerCount / Number(args.batch)) * Number(args.batch);
  const workers = Array.from({ length: producerCount }, () => new Worker(new URL(import.meta.url), {
    workerData: { brokers, events: share, batch: Number(args.batch), inflight: Number(args.inflight), partitions, producer: args.producer },
  }));
  await Promise.all(workers.map((w) => new Promise((r) => w.once('message', r))));
  const cpuBefore = brokerCpuMs(child.pid);
  const clientCpuBefore = process.cpuUsage();
  const start = performance.now();
  for (const w of workers) w.postMessage('go');
  await Promise.all(workers.map((w) => new Promise((r) => w.on('message', (m) => m.type === 'produced' && r(m)))));
  const produced = { ms: performance.now() - start };
  await done;
  const e2eMs = lastConsumedAt - start;
  const brokerCpu = brokerCpuMs(child.pid) - cpuBefore;
  const clientCpuUs = process.cpuUsage(clientCpuBefore);
  const clientCpu = (clientCpuUs.user + clientCpuUs.system) / 1000;

  const mb = (events * EVENT_BYTES) / (1024 * 1024);
  const fmt = (n) => Math.round(n).toLocaleString('en-US');
  console.log(`dev-broker throughput: ${fmt(events)} events x ${EVENT_BYTES} B, ${partitions} partitions, batches of ${args.batch}, ${args.inflight} sends in flight, ${args.producers} ${args.producer} producer(s)`);
  console.log(`  produce:    ${fmt(events / (produced.ms / 1000))} events/s  ${(mb / (produced.ms / 1000)).toFixed(1)} MB/s  (${fmt(produced.ms)} ms)`);
  console.log(`  end-to-end: ${fmt(events / (e2eMs / 1000))} events/s  ${(mb / (e2eMs / 1000)).toFixed(1)} MB/s  (${fmt(e2eMs)} ms, produce + consume)`);
  console.log(`  broker CPU: ${fmt(brokerCpu)} ms = ${((brokerCpu * 1000) / events).toFixed(1)} us/event`);
  console.log(`  kafkajs CPU (producer + consumer process): ${fmt(clientCpu)} ms = ${((clientCpu * 1000) / events).toFixed(1)} us/event`);
  console.log(`  load average at end: ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  if (consumed !== events) console.log(`  WARNING: consumed ${consumed} of ${events}`);

  await Promise.all(workers.map((w) => w.terminate()));
  await consumer.disconnect();
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
}
