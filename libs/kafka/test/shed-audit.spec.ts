import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRecordedV1, newEventId, usageRecordedV1, type AuditRecordedV1 } from '@asc/contracts/events';
import { ReliableProducer, runConsumer } from '../src';
import { createTopics, kafkaClient, startBroker, tempDir, waitFor, type Broker } from './support';

describe('shed mode end to end (dev broker)', () => {
  let broker: Broker | undefined;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    dir = await tempDir('asc-kafka-shed-');
  });
  afterAll(async () => {
    await broker?.close();
    await dir?.remove();
  });

  it('drops what does not fit while Kafka is away, and the spool.shed audit event reaches the audit topic', async () => {
    const dataDir = `${dir.path}/broker`;
    broker = await startBroker({ port: 0, dataDir });
    const { port } = broker;
    const kafka = kafkaClient(broker.brokers);
    await createTopics(kafka);
    await broker.close();
    broker = undefined;

    const producer = await ReliableProducer.start({
      kafka,
      spool: { dir: `${dir.path}/spool`, maxBytes: 16 * 1024 },
      onSpoolFull: 'shed',
      retry: { initialMs: 50, maxMs: 300 },
      shedAudit: { serviceId: 'gateway-1', intervalMs: 100 },
    });
    const outcomes = await Promise.all(
      Array.from({ length: 60 }, () => producer.publish(usageRecordedV1, { ...usageRecordedV1.fixture, eventId: newEventId() })),
    );
    const shed = outcomes.filter((o) => o === 'shed').length;
    expect(shed).toBeGreaterThan(0);
    await waitFor(() => producer.stats().shedAuditEvents === 1, { what: 'the shed audit event' });

    broker = await startBroker({ port, dataDir });
    expect(await producer.flush(20_000)).toBe(true);
    expect(producer.stats()).toMatchObject({ sentEvents: 60 - shed + 1, shedEvents: shed });
    await producer.close();

    const audits: AuditRecordedV1[] = [];
    const consumer = await runConsumer({ kafka, groupId: 'audit', topics: [auditRecordedV1], handleBatch: async ({ events }) => void audits.push(...events.map((e) => e.event)) });
    try {
      await waitFor(() => audits.length >= 1, { what: 'audit event' });
    } finally {
      await consumer.stop();
    }
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ kind: 'spool.shed', tenantId: '_platform', actor: { type: 'service', id: 'gateway-1' }, details: { shedEvents: shed } });
  });
});
