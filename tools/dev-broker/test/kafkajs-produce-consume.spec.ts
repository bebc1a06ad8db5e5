/**
 * kafkajs 2.2.4 against the broker: topic admin, produce/consume over several partitions, gzip batches,
 * offsets, and the idempotent producer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompressionTypes, Kafka } from 'kafkajs';
import { RunningBroker } from '../src';
import { kafkaFor, removeDir, startTestBroker, tempDataDir, waitFor } from './support/broker-fixture';

describe('kafkajs produce and consume', () => {
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

  it('creates topics, reports metadata and rejects duplicates and bad configs', async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      expect(await admin.createTopics({ topics: [{ topic: 'created', numPartitions: 4 }] })).toBe(true);
      expect(await admin.createTopics({ topics: [{ topic: 'created', numPartitions: 4 }] })).toBe(false);
      await admin.createTopics({ topics: [{ topic: 'compacted', numPartitions: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }] });
      await expect(
        admin.createTopics({ topics: [{ topic: 'bad-config', configEntries: [{ name: 'cleanup.policy', value: 'shred' }] }] }),
      ).rejects.toMatchObject({ errors: [{ type: 'INVALID_CONFIG', topic: 'bad-config' }] });
      await expect(admin.createTopics({ topics: [{ topic: 'rf3', replicationFactor: 3 }] })).rejects.toMatchObject({
        errors: [{ type: 'INVALID_REPLICATION_FACTOR' }],
      });
      const metadata = await admin.fetchTopicMetadata({ topics: ['created', 'compacted'] });
      expect(metadata.topics.map((t) => [t.name, t.partitions.length]).sort()).toEqual([['compacted', 1], ['created', 4]]);
      expect(metadata.topics[0]?.partitions[0]).toMatchObject({ leader: 0, replicas: [0], isr: [0] });
      const cluster = await admin.describeCluster();
      expect(cluster.brokers).toEqual([{ nodeId: 0, host: broker.host, port: broker.port }]);
      expect(await admin.listTopics()).toEqual(expect.arrayContaining(['created', 'compacted']));
    } finally {
      await admin.disconnect();
    }
  });

  it('round-trips keyed messages across partitions in per-partition order, with gzip', async () => {
    const topic = 'orders';
    const producer = kafka.producer();
    await producer.connect();
    const sent = Array.from({ length: 300 }, (_, i) => ({ key: `k${i % 7}`, value: `order-${i}`, headers: { n: String(i) } }));
    for (let i = 0; i < sent.length; i += 50) {
      await producer.send({ topic, compression: i % 100 === 0 ? CompressionTypes.GZIP : CompressionTypes.None, messages: sent.slice(i, i + 50) });
    }
    await producer.disconnect();

    const admin = kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(topic);
    await admin.disconnect();
    expect(offsets).toHaveLength(3);
    expect(offsets.reduce((n, o) => n + Number(o.high), 0)).toBe(300);
    expect(offsets.every((o) => o.low === '0')).toBe(true);
    expect(offsets.filter((o) => Number(o.high) > 0).length).toBeGreaterThan(1);

    const consumer = kafka.consumer({ groupId: 'orders-reader', maxWaitTimeInMs: 200 });
    const received: Array<{ partition: number; offset: number; key: string; value: string; n: string }> = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        received.push({
          partition,
          offset: Number(message.offset),
          key: String(message.key),
          value: String(message.value),
          n: String(message.headers?.['n']),
        });
      },
    });
    await waitFor(() => received.length >= 300, 20_000, '300 messages');
    await consumer.disconnect();

    expect(received.map((r) => r.value).sort()).toEqual(sent.map((s) => s.value).sort());
    expect(received.every((r) => r.value === `order-${r.n}`)).toBe(true);
    // One key always lands on one partition, and each partition is read in offset order without gaps.
    const partitionOfKey = new Map<string, number>();
    for (const r of received) {
      expect(partitionOfKey.get(r.key) ?? r.partition).toBe(r.partition);
      partitionOfKey.set(r.key, r.partition);
    }
    for (const p of [0, 1, 2]) {
      const offs = received.filter((r) => r.partition === p).map((r) => r.offset);
      expect(offs).toEqual(offs.map((_, i) => i));
    }
  });

  it('refuses a batch above max.message.bytes like a real broker, unless the topic allows more', async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [
        { topic: 'big-default', numPartitions: 1 },
        { topic: 'big-ok', numPartitions: 1, configEntries: [{ name: 'max.message.bytes', value: String(4 << 20) }] },
      ],
    });
    await admin.disconnect();
    const producer = kafka.producer({ retry: { retries: 0 } });
    await producer.connect();
    const messages = Array.from({ length: 1500 }, () => ({ value: Buffer.alloc(1024, 'b') }));
    await expect(producer.send({ topic: 'big-default', messages })).rejects.toMatchObject({ type: 'MESSAGE_TOO_LARGE' });
    const [ok] = await producer.send({ topic: 'big-ok', messages });
    await producer.disconnect();
    expect(ok).toMatchObject({ errorCode: 0, baseOffset: '0' });
  });

  it('long-polls: a waiting consumer gets a message soon after it is produced', async () => {
    const topic = 'latency';
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    await admin.disconnect();
    const consumer = kafka.consumer({ groupId: 'latency-reader', maxWaitTimeInMs: 3000 });
    let receivedAt = 0;
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async () => void (receivedAt = Date.now()) });
    // Let the consumer settle into a long poll on the empty partition.
    await new Promise((r) => setTimeout(r, 1000));
    const producer = kafka.producer();
    await producer.connect();
    const sentAt = Date.now();
    await producer.send({ topic, messages: [{ value: 'ping' }] });
    await waitFor(() => receivedAt > 0, 10_000, 'the message');
    await producer.disconnect();
    await consumer.disconnect();
    // Far below the 3 s max wait: the fetch returned because data arrived.
    expect(receivedAt - sentAt).toBeLessThan(1000);
  });

  it('assigns increasing offsets to an idempotent producer and keeps every message exactly once', async () => {
    const topic = 'idempotent';
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const results = [];
    for (let i = 0; i < 20; i++) {
      results.push(...(await producer.send({ topic, acks: -1, messages: [{ key: 'same', value: `v${i}` }, { key: 'same', value: `w${i}` }] })));
    }
    await producer.disconnect();
    const offsets = results.map((r) => Number(r.baseOffset));
    expect(offsets).toEqual(offsets.map((_, i) => i * 2));

    const consumer = kafka.consumer({ groupId: 'idempotent-reader', maxWaitTimeInMs: 200 });
    const values: string[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void values.push(String(message.value)) });
    await waitFor(() => values.length >= 40, 10_000, '40 messages');
    await new Promise((r) => setTimeout(r, 300));
    await consumer.disconnect();
    expect(values).toEqual(Array.from({ length: 20 }, (_, i) => [`v${i}`, `w${i}`]).flat());
  });
});
