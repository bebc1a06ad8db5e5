import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeEvent, newEventId, usageRecordedV1 } from '@asc/contracts/events';
import { createConsumerMetrics, MetricsRegistry, startTelemetry, type Telemetry } from '@asc/telemetry';
import { OTLP_SPAN_KIND, startOtlpCollector, type OtlpCollector } from '@asc/telemetry/testing';
import { ConsumerLagMonitor, runConsumer, type ConsumerHandle } from '../src';
import { createTopics, kafkaClient, startBroker, tempDir, waitFor, type Broker } from './support';

const GROUP = 'observed';
const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const PRODUCER_SPAN_ID = 'b7ad6b7169203331';

/** What runConsumer reports about itself: a CONSUMER span per event continuing its trace, metrics, and lag. */
describe('consumer traces, metrics and lag (dev broker)', () => {
  let broker: Broker;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let collector: OtlpCollector;
  let telemetry: Telemetry;
  let handle: ConsumerHandle | undefined;
  let lag: ConsumerLagMonitor;
  const saved = { ...process.env };

  beforeAll(async () => {
    collector = await startOtlpCollector();
    Object.assign(process.env, {
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_TRACES_SAMPLER: 'parentbased_always_on',
      OTEL_BSP_SCHEDULE_DELAY: '50',
    });
    telemetry = startTelemetry({ serviceName: 'kafka-consumer-test' });
    dir = await tempDir('asc-kafka-observed-');
    broker = await startBroker({ port: 0, dataDir: `${dir.path}/broker` });
    const kafka = kafkaClient(broker.brokers);
    await createTopics(kafka);
    const producer = kafka.producer();
    await producer.connect();
    // Ten valid events on partition 0, each carrying the producer's trace context, and two that are not events.
    const valid = Array.from({ length: 10 }, (_, n) => {
      const encoded = encodeEvent(usageRecordedV1, { ...usageRecordedV1.fixture, eventId: newEventId(), requestId: `r-${n}` }, { traceparent: `00-${TRACE_ID}-${PRODUCER_SPAN_ID}-01` });
      return { key: encoded.key, value: encoded.value, headers: encoded.headers, partition: 0 };
    });
    const invalid = [0, 1].map((n) => ({ key: 'k', value: Buffer.from(`not json ${n}`), partition: 0 }));
    await producer.send({ topic: usageRecordedV1.topic, messages: [...valid.slice(0, 5), ...invalid, ...valid.slice(5)] });
    await producer.disconnect();
    lag = new ConsumerLagMonitor({ kafka, groupId: GROUP, topics: [usageRecordedV1.topic], intervalMs: 60_000 });
  });
  afterAll(async () => {
    await handle?.stop();
    await lag?.stop();
    await broker?.close();
    await dir?.remove();
    await telemetry?.shutdown();
    await collector?.close();
    process.env = saved;
  });

  it('reports lag from the low watermark before the group committed anything', async () => {
    await lag.start();
    const partitions = lag.current();
    expect(partitions.find((p) => p.partition === 0)).toEqual({ topic: usageRecordedV1.topic, partition: 0, lag: 12 });
    expect(partitions.filter((p) => p.partition !== 0).every((p) => p.lag === 0)).toBe(true);
  });

  it('counts outcomes, traces each event under its producer span, and reports no lag once committed', async () => {
    const registry = new MetricsRegistry();
    const metrics = createConsumerMetrics(registry, 'test', () => lag.current());
    let calls = 0;
    handle = await runConsumer({
      kafka: kafkaClient(broker.brokers, GROUP),
      groupId: GROUP,
      topics: [usageRecordedV1],
      metrics,
      retry: { initialMs: 20, maxMs: 50 },
      handleBatch: async () => {
        if (++calls === 1) throw new Error('first attempt fails');
      },
    });
    await waitFor(() => handle!.stats().handledEvents === 10, { what: 'all events handled' });
    await lag.refresh();

    const text = registry.render();
    const topic = usageRecordedV1.topic;
    expect(text).toContain(`asc_test_consumer_messages_total{topic="${topic}",outcome="dead_lettered"} 2\n`);
    expect(text).toContain(`asc_test_consumer_messages_total{topic="${topic}",outcome="ok"} 10\n`);
    // Invalid messages are set aside, not chunk boundaries: the first (failed) attempt already held all ten events.
    expect(text).toContain(`asc_test_consumer_messages_total{topic="${topic}",outcome="failed"} 10\n`);
    expect(text).toContain(`asc_test_consumer_batch_duration_seconds_count{topic="${topic}"} ${calls}\n`);
    expect(text).toContain(`asc_test_consumer_lag_messages{topic="${topic}",partition="0"} 0\n`);

    const spans = await collector.waitFor((all) => all.filter((s) => s.traceId === TRACE_ID).length >= 20);
    const processed = spans.filter((s) => s.traceId === TRACE_ID);
    expect(processed.filter((s) => s.statusCode === 2)).toHaveLength(10);
    for (const span of processed) {
      expect(span).toMatchObject({
        kind: OTLP_SPAN_KIND.consumer,
        parentSpanId: PRODUCER_SPAN_ID,
        name: `process ${topic}`,
        attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': topic, 'messaging.operation': 'process', 'messaging.consumer.group.name': GROUP, 'messaging.destination.partition.id': '0' },
      });
    }
    expect(new Set(processed.map((s) => s.attributes['messaging.kafka.offset'])).size).toBe(10);
  });
});
