/**
 * librdkafka (Debian's `kcat`, apt package `kcat`) as an independent client: produce, consume, every compression
 * codec passed through, a balanced consumer group (-G), and interop with kafkajs in both directions.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompressionTypes, Kafka } from 'kafkajs';
import { RunningBroker } from '../src';
import { kafkaFor, removeDir, startTestBroker, tempDataDir, waitFor } from './support/broker-fixture';

interface KcatResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function kcat(args: readonly string[], input?: string): Promise<KcatResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('kcat', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', (err) => reject(new Error(`cannot run kcat (apt-get install -y kcat): ${err.message}`)));
    const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input ?? '');
  });
}

describe('kcat (librdkafka) interop', () => {
  let dataDir: string;
  let broker: RunningBroker;
  let kafka: Kafka;

  beforeAll(async () => {
    dataDir = tempDataDir();
    broker = await startTestBroker(dataDir);
    kafka = kafkaFor(broker);
  });

  afterAll(async () => {
    await broker.close();
    removeDir(dataDir);
  });

  it('produces with kcat and consumes with kcat and with kafkajs', async () => {
    const lines = Array.from({ length: 50 }, (_, i) => `key${i % 5}:value-${i}`);
    const produced = await kcat(['-b', broker.brokers, '-P', '-t', 'from-kcat', '-K:'], `${lines.join('\n')}\n`);
    expect(produced.code).toBe(0);

    const consumed = await kcat(['-b', broker.brokers, '-C', '-t', 'from-kcat', '-o', 'beginning', '-e', '-q', '-f', '%k:%s\\n']);
    expect(consumed.code).toBe(0);
    expect(consumed.stdout.trim().split('\n').sort()).toEqual([...lines].sort());

    const consumer = kafka.consumer({ groupId: 'kafkajs-reads-kcat', maxWaitTimeInMs: 100 });
    const seen: string[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic: 'from-kcat', fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(`${String(message.key)}:${String(message.value)}`) });
    await waitFor(() => seen.length >= 50, 10_000, '50 messages');
    await consumer.disconnect();
    expect(seen.sort()).toEqual([...lines].sort());
  });

  it('passes every compression codec through untouched (gzip, snappy, lz4, zstd)', async () => {
    const codecs = ['gzip', 'snappy', 'lz4', 'zstd'];
    for (const codec of codecs) {
      const input = Array.from({ length: 5 }, (_, i) => `${codec}-${i}`).join('\n');
      const res = await kcat(['-b', broker.brokers, '-P', '-t', 'codecs', '-p', '0', '-z', codec], `${input}\n`);
      expect(res.code, res.stderr).toBe(0);
    }
    const consumed = await kcat(['-b', broker.brokers, '-C', '-t', 'codecs', '-p', '0', '-o', 'beginning', '-e', '-q', '-f', '%o %s\\n']);
    expect(consumed.stdout.trim().split('\n')).toEqual(codecs.flatMap((c) => Array.from({ length: 5 }, (_, i) => `${codecs.indexOf(c) * 5 + i} ${c}-${i}`)));
  });

  it('consumes gzip batches written by kafkajs in a kcat consumer group and commits the group offsets', async () => {
    const topic = 'from-kafkajs';
    const producer = kafka.producer();
    await producer.connect();
    const values = Array.from({ length: 60 }, (_, i) => `event-${i}`);
    await producer.send({ topic, compression: CompressionTypes.GZIP, messages: values.map((value, i) => ({ key: `k${i}`, value })) });
    await producer.disconnect();

    const group = await kcat(['-b', broker.brokers, '-G', 'kcat-group', topic, '-o', 'beginning', '-e', '-q', '-f', '%s\\n']);
    expect(group.code, group.stderr).toBe(0);
    expect(group.stdout.trim().split('\n').sort()).toEqual([...values].sort());

    const admin = kafka.admin();
    await admin.connect();
    const high = await admin.fetchTopicOffsets(topic);
    const committed = await admin.fetchOffsets({ groupId: 'kcat-group', topics: [topic] });
    const { groups } = await admin.describeGroups(['kcat-group']);
    await admin.disconnect();
    const committedBy = Object.fromEntries((committed[0]?.partitions ?? []).map((p) => [p.partition, p.offset]));
    for (const h of high) expect(committedBy[h.partition]).toBe(h.high);
    expect(groups[0]?.state).toBe('Empty'); // kcat left the group on exit
  });

  it('lists brokers and topics in kcat metadata with the advertised address', async () => {
    const res = await kcat(['-b', broker.brokers, '-L', '-J']);
    expect(res.code).toBe(0);
    const metadata = JSON.parse(res.stdout) as { brokers: Array<{ id: number; name: string }>; topics: Array<{ topic: string; partitions: unknown[] }> };
    expect(metadata.brokers).toEqual([{ id: 0, name: broker.brokers }]);
    expect(metadata.topics.find((t) => t.topic === 'from-kcat')?.partitions).toHaveLength(3);
  });
});
