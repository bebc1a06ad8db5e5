import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeEvent, newEventId, usageRecordedV1, type UsageRecordedV1 } from '@asc/contracts/events';
import { runConsumer, type ConsumerHandle, type EventBatch } from '../src';
import { createTopics, effectStore, kafkaClient, startBroker, tempDir, usageEffect, waitFor, type Broker } from './support';

const TOTAL = 60;

describe('offsets are committed only after the handler resolved (dev broker, real Postgres)', () => {
  let broker: Broker;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  const stores = new Map<string, Awaited<ReturnType<typeof effectStore>>>();
  const handles: ConsumerHandle[] = [];
  const published: string[] = [];

  beforeAll(async () => {
    dir = await tempDir('asc-kafka-commit-');
    for (const group of ['flaky', 'stuck', 'rebalance']) stores.set(group, await effectStore());
    broker = await startBroker({ port: 0, dataDir: `${dir.path}/broker` });
    const kafka = kafkaClient(broker.brokers);
    await createTopics(kafka);
    const producer = kafka.producer();
    await producer.connect();
    const messages = Array.from({ length: TOTAL }, (_, n) => {
      const encoded = encodeEvent(usageRecordedV1, { ...usageRecordedV1.fixture, eventId: newEventId(), tenantId: `tenant-${n % 6}`, requestId: `r-${n}` });
      published.push(JSON.parse(encoded.value.toString()).eventId as string);
      return { key: encoded.key, value: encoded.value, headers: encoded.headers };
    });
    await producer.send({ topic: usageRecordedV1.topic, messages });
    await producer.disconnect();
  });
  afterAll(async () => {
    await Promise.all(handles.map((h) => h.stop().catch(() => undefined)));
    await broker?.close();
    await Promise.all([...stores.values()].map((s) => s.drop()));
    await dir?.remove();
  });

  const start = async (groupId: string, handleBatch: (b: EventBatch<UsageRecordedV1>) => Promise<void>, extra = {}) => {
    const handle = await runConsumer({
      kafka: kafkaClient(broker.brokers, groupId),
      groupId,
      topics: [usageRecordedV1],
      handleBatch,
      retry: { initialMs: 20, maxMs: 100 },
      heartbeatIntervalMs: 200,
      sessionTimeoutMs: 6000,
      ...extra,
    });
    handles.push(handle);
    return handle;
  };

  /** One effects table per consumer group, as each service owns its own. */
  const storeOf = (group: string) => stores.get(group)!;
  const effectsOf = (group: string) => storeOf(group).count();

  it('retries a failing handler with the same events until it succeeds, then commits', async () => {
    const effect = usageEffect(storeOf('flaky'), 'flaky');
    const seen: string[] = [];
    let calls = 0;
    const consumer = await start('flaky', async (batch) => {
      seen.push(...batch.events.map((e) => e.event.eventId));
      calls += 1;
      if (calls <= 2) throw new Error(`transient failure ${calls}`);
      await effect(batch);
    });
    await waitFor(async () => (await effectsOf('flaky')) >= TOTAL, { what: 'flaky effects' });
    expect(consumer.stats().handlerFailures).toBe(2);
    expect(consumer.stats().lastError?.message).toBe('transient failure 2');
    expect(new Set(seen).size).toBe(TOTAL);
    expect(seen.length).toBeGreaterThan(TOTAL); // the failed batches were delivered again
    await consumer.stop();
  });

  it('commits nothing while the handler fails, so a new member of the group gets every event', async () => {
    let attempts = 0;
    const stuck = await start('stuck', async () => {
      attempts += 1;
      throw new Error('database down');
    });
    await waitFor(() => attempts >= 3, { what: 'failing attempts' });
    await stuck.stop();

    const admin = kafkaClient(broker.brokers).admin();
    await admin.connect();
    const offsets = await admin.fetchOffsets({ groupId: 'stuck', topics: [usageRecordedV1.topic] });
    await admin.disconnect();
    expect(offsets.flatMap((t) => t.partitions.map((p) => p.offset)).every((o) => o === '-1')).toBe(true);

    const recovered = await start('stuck', usageEffect(storeOf('stuck'), 'stuck'));
    await waitFor(async () => (await effectsOf('stuck')) >= TOTAL, { what: 'recovered effects' });
    expect(recovered.stats().handledEvents).toBeGreaterThanOrEqual(TOTAL);
    await recovered.stop();
  });

  it('survives a rebalance: a second member joins mid-way and every event still takes effect exactly once', async () => {
    const effect = usageEffect(storeOf('rebalance'), 'rebalance');
    const slow = (batch: EventBatch<UsageRecordedV1>) => new Promise((r) => setTimeout(r, 100)).then(() => effect(batch));
    const a = await start('rebalance', slow, { maxBatchEvents: 3 });
    await waitFor(async () => (await effectsOf('rebalance')) > 0, { what: 'first effects' });
    const b = await start('rebalance', slow, { maxBatchEvents: 3 });
    await waitFor(async () => (await effectsOf('rebalance')) >= TOTAL, { timeoutMs: 30_000, what: 'all effects' });
    const handled = a.stats().handledEvents + b.stats().handledEvents;
    expect(handled).toBeGreaterThanOrEqual(TOTAL);
    expect(b.stats().handledEvents).toBeGreaterThan(0); // the joiner really took over partitions
    expect(await effectsOf('rebalance')).toBe(TOTAL);
    await Promise.all([a.stop(), b.stop()]);
  });

  it('leaves each group with the published events in its effects table, exactly once each', async () => {
    for (const group of stores.keys()) expect(await storeOf(group).ids(), group).toEqual([...published].sort());
  });
});
