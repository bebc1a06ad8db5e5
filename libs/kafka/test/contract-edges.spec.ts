import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeEvent, newEventId, usageRecordedV1, type UsageRecordedV1 } from '@asc/contracts/events';
import { ReliableProducer, runConsumer, type ConsumedEvent, type ConsumerHandle } from '../src';
import { createTopics, kafkaClient, startBroker, tempDir, waitFor, type Broker } from './support';

describe('contract validation at both edges (dev broker)', () => {
  let broker: Broker;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    dir = await tempDir('asc-kafka-edges-');
    broker = await startBroker({ port: 0, dataDir: `${dir.path}/broker` });
    await createTopics(kafkaClient(broker.brokers));
  });
  afterAll(async () => {
    await broker?.close();
    await dir?.remove();
  });

  it('hands valid events to the handler with trace context, and moves bad bytes to the DLQ with the error', async () => {
    const kafka = kafkaClient(broker.brokers);
    const raw = kafka.producer();
    await raw.connect();
    const good = (n: number) => encodeEvent(usageRecordedV1, { ...usageRecordedV1.fixture, eventId: newEventId(), requestId: `req-${n}` });
    const first = good(1);
    const last = good(2);
    await raw.send({
      topic: usageRecordedV1.topic,
      messages: [
        { key: 'tenant-acme', value: first.value, headers: first.headers },
        { key: 'tenant-acme', value: '{not json', headers: { schema: 'usage.recorded.v1' } },
        { key: 'tenant-acme', value: JSON.stringify({ ...usageRecordedV1.fixture, status: 'maybe' }) },
        { key: 'tenant-acme', value: last.value, headers: last.headers },
      ],
    });
    await raw.disconnect();

    // A producer-edge publish with trace context: the consumer gets the trace back from the headers.
    const spool = await tempDir('asc-kafka-edges-spool-');
    const producer = await ReliableProducer.start({ kafka, spool: { dir: spool.path, maxBytes: 1 << 20 }, onSpoolFull: 'fail-closed' });
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    await producer.publish(usageRecordedV1, { ...usageRecordedV1.fixture, eventId: newEventId(), requestId: 'req-3' }, { trace: { traceparent } });
    expect(await producer.flush(10_000)).toBe(true);
    await producer.close();
    await spool.remove();

    const seen: Array<ConsumedEvent<UsageRecordedV1>> = [];
    let consumer: ConsumerHandle | undefined;
    try {
      consumer = await runConsumer({ kafka, groupId: 'edges', topics: [usageRecordedV1], handleBatch: async ({ events }) => void seen.push(...events) });
      await waitFor(() => seen.length >= 3, { what: '3 valid events' });
      expect(seen.map((e) => e.event.requestId)).toEqual(['req-1', 'req-2', 'req-3']);
      expect(seen[2]?.trace).toEqual({ traceparent });
      expect(seen[2]?.headers).toMatchObject({ 'content-type': 'application/json', schema: 'usage.recorded.v1' });
      expect(consumer.stats()).toMatchObject({ deadLetteredEvents: 2, handledEvents: 3 });
    } finally {
      await consumer?.stop();
    }

    const dlq = kafka.consumer({ groupId: 'dlq-reader' });
    const dead: Array<{ value: string; headers: Record<string, string> }> = [];
    await dlq.connect();
    await dlq.subscribe({ topic: `${usageRecordedV1.topic}.dlq`, fromBeginning: true });
    await dlq.run({
      eachMessage: async ({ message }) => {
        const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
        dead.push({ value: message.value?.toString() ?? '', headers });
      },
    });
    await waitFor(() => dead.length >= 2, { what: '2 dead letters' });
    await dlq.disconnect();
    expect(dead[0]).toMatchObject({ value: '{not json', headers: { schema: 'usage.recorded.v1', 'dlq-original-offset': '1', 'dlq-consumer-group': 'edges' } });
    expect(dead[0]?.headers['dlq-error']).toMatch(/not JSON/);
    expect(dead[1]?.headers['dlq-error']).toMatch(/status/);
    expect(dead[1]?.headers['dlq-original-topic']).toBe('asc.usage.recorded.v1');
  });
});
