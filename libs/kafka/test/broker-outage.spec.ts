import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newEventId, usageRecordedV1 } from '@asc/contracts/events';
import { ReliableProducer, runConsumer } from '../src';
import { createTopics, effectStore, kafkaClient, startBroker, tempDir, usageEffect, waitFor, type Broker } from './support';

describe('broker outage while producing (dev broker, real Postgres)', () => {
  let broker: Broker | undefined;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let store: Awaited<ReturnType<typeof effectStore>>;
  beforeAll(async () => {
    dir = await tempDir('asc-kafka-outage-');
    store = await effectStore();
  });
  afterAll(async () => {
    await broker?.close();
    await store?.drop();
    await dir?.remove();
  });

  it('spools while the broker is down, replays in order when it returns, and every event lands exactly once', async () => {
    const dataDir = `${dir.path}/broker`;
    broker = await startBroker({ port: 0, dataDir });
    const { port } = broker;
    const kafka = kafkaClient(broker.brokers);
    await createTopics(kafka);
    const producer = await ReliableProducer.start({
      kafka,
      spool: { dir: `${dir.path}/spool`, maxBytes: 32 << 20 },
      onSpoolFull: 'fail-closed',
      lingerMs: 5,
      retry: { initialMs: 50, maxMs: 400 },
    });

    const published: string[] = [];
    const callOrder: Array<{ eventId: string; tenantId: string }> = [];
    const publishTick = async (tick: number): Promise<void> => {
      const batch = Array.from({ length: 25 }, (_, i) => {
        const eventId = newEventId();
        const tenantId = `tenant-${i % 5}`;
        callOrder.push({ eventId, tenantId });
        return producer.publish(usageRecordedV1, { ...usageRecordedV1.fixture, eventId, tenantId, requestId: `${tick}:${i}` }).then(() => published.push(eventId));
      });
      await Promise.all(batch);
      await new Promise((r) => setTimeout(r, 15));
    };

    for (let tick = 0; tick < 8; tick++) await publishTick(tick);
    await broker.close(); // the broker goes away mid-stream
    broker = undefined;
    for (let tick = 8; tick < 20; tick++) await publishTick(tick);
    await waitFor(() => producer.stats().lastError !== null, { what: 'the sender to notice the outage' });
    const during = producer.stats();
    expect(published.length).toBe(500);
    expect(during.spoolDepthEvents).toBeGreaterThan(0);
    expect(during.sentEvents).toBeLessThan(500);
    expect(during.lastError).not.toBeNull();

    broker = await startBroker({ port, dataDir }); // same port, same data
    expect(await producer.flush(30_000)).toBe(true);
    expect(producer.stats()).toMatchObject({ spoolDepthEvents: 0, spoolDepthBytes: 0, rejectedEvents: 0 });
    await producer.close();

    const deliveries: string[] = [];
    const consumer = await runConsumer({ kafka, groupId: 'outage', topics: [usageRecordedV1], handleBatch: usageEffect(store, 'outage', deliveries) });
    try {
      await waitFor(async () => (await store.count()) >= 500, { timeoutMs: 30_000, what: '500 effects' });
      await new Promise((r) => setTimeout(r, 200)); // nothing extra trickles in
    } finally {
      await consumer.stop();
    }
    expect(await store.ids()).toEqual([...published].sort());
    expect(deliveries.length).toBeGreaterThanOrEqual(500); // re-sends are allowed; effects are not duplicated
    // Replay kept each tenant's publish order (first deliveries; a re-send can only repeat earlier events).
    const firstSeen = [...new Set(deliveries)];
    for (const tenant of ['tenant-0', 'tenant-1', 'tenant-2', 'tenant-3', 'tenant-4']) {
      const ids = new Set(callOrder.filter((c) => c.tenantId === tenant).map((c) => c.eventId));
      expect(firstSeen.filter((id) => ids.has(id)), tenant).toEqual([...ids]);
    }
  });
});
