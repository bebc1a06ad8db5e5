import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newEventId, usageRecordedV1 } from '@asc/contracts/events';
import { ReliableProducer, runConsumer } from '../src';
import { createTopics, kafkaClient, startBroker, tempDir, waitFor, type Broker } from './support';

describe('per-tenant order across partitions (dev broker)', () => {
  let broker: Broker;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    dir = await tempDir('asc-kafka-order-');
    broker = await startBroker({ port: 0, dataDir: `${dir.path}/broker` });
    await createTopics(kafkaClient(broker.brokers));
  });
  afterAll(async () => {
    await broker?.close();
    await dir?.remove();
  });

  it('keys by tenant: each tenant stays on one partition, in publish order, and tenants spread over partitions', async () => {
    const kafka = kafkaClient(broker.brokers);
    const producer = await ReliableProducer.start({ kafka, spool: { dir: `${dir.path}/spool`, maxBytes: 16 << 20 }, onSpoolFull: 'fail-closed', maxBatchEvents: 50 });
    const tenants = Array.from({ length: 10 }, (_, i) => `tenant-${i}`);
    const total = 500;
    for (let n = 0; n < total; n++) {
      const tenantId = tenants[n % tenants.length] ?? 'tenant-0';
      void producer.publish(usageRecordedV1, { ...usageRecordedV1.fixture, eventId: newEventId(), tenantId, requestId: `${tenantId}:${n}` });
    }
    expect(await producer.flush(20_000)).toBe(true);
    expect(producer.stats()).toMatchObject({ spooledEvents: total, sentEvents: total, spoolDepthEvents: 0 });
    await producer.close();

    const byTenant = new Map<string, Array<{ n: number; partition: number }>>();
    let received = 0;
    const consumer = await runConsumer({
      kafka,
      groupId: 'ordering',
      topics: [usageRecordedV1],
      // Partitions handled concurrently and small fetches (many batches per partition): order must hold regardless.
      fetch: { partitionsConsumedConcurrently: 3, maxBytesPerPartition: 4096 },
      handleBatch: async ({ events, partition }) => {
        for (const { event } of events) {
          const list = byTenant.get(event.tenantId) ?? [];
          list.push({ n: Number(event.requestId.split(':')[1]), partition });
          byTenant.set(event.tenantId, list);
          received += 1;
        }
      },
    });
    try {
      await waitFor(() => received >= total, { what: `${total} events` });
    } finally {
      await consumer.stop();
    }
    expect(received).toBe(total);
    const partitions = new Set<number>();
    for (const [tenant, list] of byTenant) {
      const ns = list.map((e) => e.n);
      expect(ns, tenant).toEqual([...ns].sort((a, b) => a - b));
      expect(new Set(list.map((e) => e.partition)).size, tenant).toBe(1);
      partitions.add(list[0]?.partition ?? -1);
    }
    expect(byTenant.size).toBe(10);
    expect(partitions.size).toBeGreaterThan(1);
  });
});
