import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOPICS } from '@asc/contracts/events';
import { ensureTopics } from '../src';
import { kafkaClient, startBroker, tempDir, type Broker } from './support';

describe('ensureTopics (dev broker)', () => {
  let broker: Broker;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    dir = await tempDir('asc-kafka-topics-');
    broker = await startBroker({ port: 0, dataDir: `${dir.path}/broker` });
  });
  afterAll(async () => {
    await broker?.close();
    await dir?.remove();
  });

  it('creates missing topics with their partition counts once, and leaves existing ones alone', async () => {
    const admin = kafkaClient(broker.brokers).admin();
    await admin.connect();
    try {
      const usage = TOPICS.filter((t) => t.name === 'asc.usage.recorded.v1');
      expect(await ensureTopics(admin, usage, { replicationFactor: 1 })).toEqual(['asc.usage.recorded.v1']);
      const created = await ensureTopics(admin, TOPICS, { replicationFactor: 1 });
      expect(created.sort()).toEqual(TOPICS.map((t) => t.name).filter((n) => n !== 'asc.usage.recorded.v1').sort());
      expect(await ensureTopics(admin, TOPICS, { replicationFactor: 1 })).toEqual([]);
      const { topics } = await admin.fetchTopicMetadata({ topics: TOPICS.map((t) => t.name) });
      for (const spec of TOPICS) {
        expect(topics.find((t) => t.name === spec.name)?.partitions.length, spec.name).toBe(spec.partitions);
      }
    } finally {
      await admin.disconnect();
    }
  });
});
