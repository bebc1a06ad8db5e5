/**
 * Durability across restarts (close + start on the same data dir): records, high watermarks, committed group
 * offsets and topic configs survive; a torn write at the tail of a segment (crash mid-append) is cut off on start.
 */
import { appendFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CompressionTypes, Kafka } from 'kafkajs';
import { RunningBroker } from '../src';
import { kafkaFor, removeDir, startTestBroker, tempDataDir, waitFor } from './support/broker-fixture';

async function readAll(kafka: Kafka, topic: string, groupId: string, expected: number): Promise<Array<{ partition: number; offset: string; value: string }>> {
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
  const out: Array<{ partition: number; offset: string; value: string }> = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ partition, message }) => void out.push({ partition, offset: message.offset, value: String(message.value) }) });
  await waitFor(() => out.length >= expected, 15_000, `${expected} messages from ${topic}`);
  await new Promise((r) => setTimeout(r, 300)); // anything beyond `expected` would show up here
  await consumer.disconnect(); // commits what was consumed
  return out;
}

describe('restarts', () => {
  const dataDir = tempDataDir();
  let broker: RunningBroker | undefined;

  afterAll(async () => {
    await broker?.close();
    removeDir(dataDir);
  });

  it('keeps records, offsets and committed group offsets across a restart, and recovers from a torn tail', async () => {
    const topic = 'durable';
    broker = await startTestBroker(dataDir);
    let kafka = kafkaFor(broker);
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 2, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }] });
    await admin.disconnect();
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    for (let i = 0; i < 10; i++) {
      const messages = Array.from({ length: 10 }, (_, j) => ({ key: `k${j}`, value: `before-${i * 10 + j}` }));
      await producer.send({ topic, messages, compression: i % 2 ? CompressionTypes.GZIP : CompressionTypes.None });
    }
    await producer.disconnect();
    const first = await readAll(kafka, topic, 'durable-group', 100);
    expect(first).toHaveLength(100);

    const admin1 = kafka.admin();
    await admin1.connect();
    const highBefore = await admin1.fetchTopicOffsets(topic);
    const committedBefore = await admin1.fetchOffsets({ groupId: 'durable-group', topics: [topic] });
    await admin1.disconnect();
    await broker.close();

    broker = await startTestBroker(dataDir);
    kafka = kafkaFor(broker);
    const admin2 = kafka.admin();
    await admin2.connect();
    expect(await admin2.fetchTopicOffsets(topic)).toEqual(highBefore);
    expect(await admin2.fetchOffsets({ groupId: 'durable-group', topics: [topic] })).toEqual(committedBefore);
    expect(committedBefore[0]?.partitions.map((p) => p.offset).sort()).toEqual(highBefore.map((h) => h.high).sort());
    await admin2.disconnect();

    const producer2 = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer2.connect();
    await producer2.send({ topic, messages: Array.from({ length: 10 }, (_, j) => ({ key: `k${j}`, value: `after-${j}` })) });
    await producer2.disconnect();
    // The group resumes at its committed offsets: only the new records.
    const resumed = await readAll(kafka, topic, 'durable-group', 10);
    expect(resumed.map((r) => r.value).sort()).toEqual(Array.from({ length: 10 }, (_, j) => `after-${j}`).sort());
    await broker.close();

    // Simulate a crash in the middle of an append: half a batch header at the end of partition 0's segment.
    const segmentDir = join(dataDir, `${topic}-0`);
    const segment = readdirSync(segmentDir).find((f) => f.endsWith('.log')) as string;
    appendFileSync(join(segmentDir, segment), Buffer.from('0000000000000064000003e8ffff', 'hex'));

    broker = await startTestBroker(dataDir);
    kafka = kafkaFor(broker);
    const everything = await readAll(kafka, topic, 'fresh-group', 110);
    expect(everything).toHaveLength(110);
    expect(new Set(everything.map((r) => r.value)).size).toBe(110);
    for (const p of [0, 1]) {
      const offsets = everything.filter((r) => r.partition === p).map((r) => Number(r.offset));
      expect(offsets).toEqual(offsets.map((_, i) => i));
    }
    const producer3 = kafka.producer();
    await producer3.connect();
    const [result] = await producer3.send({ topic, messages: [{ key: 'k0', value: 'post-crash' }] });
    await producer3.disconnect();
    const p0 = everything.filter((r) => r.partition === result?.partition).length;
    expect(Number(result?.baseOffset)).toBe(p0);
  });
});
