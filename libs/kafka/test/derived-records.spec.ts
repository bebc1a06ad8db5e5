import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRecordedV1, newEventId, requestFinishedV1, usageRecordedV1, type AuditRecordedV1, type RequestFinishedV1, type UsageRecordedV1 } from '@asc/contracts/events';
import { ReliableProducer, runConsumer, type ConsumedEvent, type ConsumerHandle } from '../src';
import { createTopics, kafkaClient, startBroker, tempDir, waitFor, type Broker } from './support';

const deployment = { deploymentId: 'dep-eu', provider: 'openai', modelServed: 'gpt-4o-mini-2024-07-18', region: 'eu-west-1' };

function finished(overrides: Partial<RequestFinishedV1> = {}): RequestFinishedV1 {
  const timeMs = Date.now();
  return {
    v: 1,
    usageEventId: newEventId(timeMs),
    auditEventId: newEventId(timeMs),
    timeMs,
    tenantId: 'tenant-derived',
    keyId: 'key-1',
    requestId: 'req-ok',
    traceId: '0af7651916cd43dd8448eb211c80319c',
    dialect: 'openai',
    modelRequested: 'gpt-4o-mini',
    status: 'succeeded',
    httpStatus: 200,
    streamed: true,
    errorCode: null,
    served: deployment,
    billed: deployment,
    attempts: [{ deploymentId: 'dep-us', httpStatus: 429, error: 'rate limited' }, { deploymentId: 'dep-eu', httpStatus: 200, error: null }],
    usage: { inputTokens: 12, outputTokens: 34, cachedInputTokens: 0, cacheWriteInputTokens: 0, source: 'reported' },
    latencyMs: 81.6,
    timeToFirstTokenMs: 20.4,
    policy: { version: 3, reasons: [] },
    ...overrides,
  };
}

describe('derived spool records (one record per request, events derived by the sender)', () => {
  let broker: Broker;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    dir = await tempDir('asc-kafka-derived-');
    broker = await startBroker({ port: 0, dataDir: `${dir.path}/broker` });
    await createTopics(kafkaClient(broker.brokers));
  });
  afterAll(async () => {
    await broker?.close();
    await dir?.remove();
  });

  it('ships a request-finished record as a valid usage and audit event with the ids and trace it carries; a denial as audit only', async () => {
    const kafka = kafkaClient(broker.brokers);
    const spool = await tempDir('asc-kafka-derived-spool-');
    const producer = await ReliableProducer.start({ kafka, spool: { dir: spool.path, maxBytes: 1 << 20 }, onSpoolFull: 'fail-closed' });
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const served = finished();
    const denied = finished({ requestId: 'req-denied', usageEventId: null, status: 'denied', httpStatus: 403, errorCode: 'MODEL_NOT_APPROVED', served: null, billed: null, attempts: [], usage: null, policy: { version: 3, reasons: ['MODEL_NOT_APPROVED'] } });
    expect(await producer.publishDerived(requestFinishedV1, served, { traceparent })).toBe('spooled');
    await producer.publishDerived(requestFinishedV1, denied);
    expect(await producer.flush(10_000)).toBe(true);
    await producer.close();
    await spool.remove();

    const usage: Array<ConsumedEvent<UsageRecordedV1>> = [];
    const audit: Array<ConsumedEvent<AuditRecordedV1>> = [];
    const consumers: ConsumerHandle[] = [];
    try {
      consumers.push(await runConsumer({ kafka, groupId: 'derived-usage', topics: [usageRecordedV1], handleBatch: async ({ events }) => void usage.push(...events) }));
      consumers.push(await runConsumer({ kafka, groupId: 'derived-audit', topics: [auditRecordedV1], handleBatch: async ({ events }) => void audit.push(...events) }));
      await waitFor(() => usage.length >= 1 && audit.length >= 2, { what: '1 usage and 2 audit events' });
    } finally {
      for (const consumer of consumers) await consumer.stop();
    }
    expect(usage).toHaveLength(1);
    expect(usage[0]?.trace).toEqual({ traceparent });
    expect(usage[0]?.event).toMatchObject({
      eventId: served.usageEventId,
      eventTime: new Date(served.timeMs).toISOString(),
      tenantId: 'tenant-derived',
      modelServed: 'gpt-4o-mini-2024-07-18',
      deploymentId: 'dep-eu',
      region: 'eu-west-1',
      status: 'succeeded',
      errorCode: null,
      usage: served.usage,
      latencyMs: 82,
      timeToFirstTokenMs: 20,
    });
    const byRequest = new Map(audit.map((a) => [a.event.requestId, a.event]));
    expect(byRequest.get('req-ok')).toMatchObject({ id: served.auditEventId, kind: 'request', outcome: 'success', details: { fallback: true, region: 'eu-west-1', policyVersion: 3, inputTokens: 12 } });
    expect(byRequest.get('req-denied')).toMatchObject({ id: denied.auditEventId, kind: 'policy.decision', outcome: 'denied', details: { policyReasons: ['MODEL_NOT_APPROVED'], modelServed: null } });
    expect(audit.find((a) => a.event.requestId === 'req-ok')?.trace).toEqual({ traceparent });
  });

  it('routes a derived event that fails its contract to the dead-letter topic with the error, instead of losing it', async () => {
    const kafka = kafkaClient(broker.brokers);
    const spool = await tempDir('asc-kafka-derived-spool-');
    const producer = await ReliableProducer.start({ kafka, spool: { dir: spool.path, maxBytes: 1 << 20 }, onSpoolFull: 'fail-closed' });
    // An empty tenant id violates both contracts.
    await producer.publishDerived(requestFinishedV1, finished({ tenantId: '', requestId: 'req-bad' }));
    expect(await producer.flush(10_000)).toBe(true);
    await producer.close();
    await spool.remove();

    const dlq = kafka.consumer({ groupId: 'derived-dlq-reader' });
    const dead: Array<{ topic: string; value: string; headers: Record<string, string> }> = [];
    await dlq.connect();
    await dlq.subscribe({ topics: [`${usageRecordedV1.topic}.dlq`, `${auditRecordedV1.topic}.dlq`], fromBeginning: true });
    await dlq.run({
      eachMessage: async ({ topic, message }) => {
        const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
        dead.push({ topic, value: message.value?.toString() ?? '', headers });
      },
    });
    try {
      await waitFor(() => dead.length >= 2, { what: '2 dead letters' });
    } finally {
      await dlq.disconnect();
    }
    expect(dead.map((d) => d.topic).sort()).toEqual([`${auditRecordedV1.topic}.dlq`, `${usageRecordedV1.topic}.dlq`]);
    for (const d of dead) {
      expect(d.headers['dlq-error']).toMatch(/tenantId/);
      expect(JSON.parse(d.value)).toMatchObject({ requestId: 'req-bad' });
    }
  });
});
