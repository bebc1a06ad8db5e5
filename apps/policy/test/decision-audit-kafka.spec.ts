import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { startBroker } from '@asc/dev-broker';
import { auditRecordedV1, decodeEvent, type AuditRecordedV1 } from '@asc/contracts/events';
import type { CheckRequest, CheckResponse__Output } from '@asc/contracts/policy';
import { admin, policyClient, startPolicyService, testPolicyFile, unary, type RunningPolicyService } from './support';

/** Every decision served becomes an audit.recorded.v1 event (kind policy.decision) on Kafka, via the ReliableProducer. */
describe('decision audit events on Kafka (development broker)', () => {
  let dir: string;
  let broker: Awaited<ReturnType<typeof startBroker>>;
  let service: RunningPolicyService;
  let consumer: Consumer | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'asc-policy-kafka-'));
    broker = await startBroker({ port: 0, dataDir: join(dir, 'broker'), logger: { info: () => undefined, warn: () => undefined, error: () => undefined } });
    service = await startPolicyService({ KAFKA_BROKERS: broker.brokers, ASC_EVENTS_ENABLED: 'true', ASC_SPOOL_DIR: join(dir, 'spool') });
    expect((await admin(service, 'POST', '/policy/apply', { file: testPolicyFile() })).status).toBe(200);
  });
  afterAll(async () => {
    await consumer?.disconnect();
    await service?.stop();
    await broker?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('publishes one event per decision, allow and deny, with reasons and the policy version', async () => {
    const client = policyClient(service.grpcAddress);
    const check = (request: CheckRequest) => unary<CheckRequest, CheckResponse__Output>(client.Check.bind(client), request);
    const allowed = await check({ tenant: 'acme-eu', model: 'gpt-4o-mini', keyId: 'key-1', requestId: 'audit-allow' });
    await check({ tenant: 'acme-us', model: 'gpt-4o-mini', requestId: 'audit-deny' });
    client.close();

    const kafka = new Kafka({ clientId: 'policy-audit-test', brokers: [broker.brokers], logLevel: logLevel.NOTHING });
    consumer = kafka.consumer({ groupId: `policy-audit-${Date.now()}` });
    await consumer.connect();
    await consumer.subscribe({ topic: auditRecordedV1.topic, fromBeginning: true });
    const seen = new Map<string, AuditRecordedV1>();
    await consumer.run({
      eachMessage: async ({ message }) => {
        const decoded = decodeEvent(auditRecordedV1, message.value);
        if (decoded.ok && decoded.event.kind === 'policy.decision' && decoded.event.requestId) seen.set(decoded.event.requestId, decoded.event);
      },
    });
    await expect.poll(() => seen.size, { timeout: 20_000, interval: 100 }).toBe(2);
    expect(seen.get('audit-allow')).toMatchObject({
      tenantId: allowed.tenantId, outcome: 'success', actor: { type: 'key', id: 'key-1' }, details: { source: 'grpc', policyVersion: allowed.policyVersion, reasons: [] },
    });
    expect(seen.get('audit-deny')).toMatchObject({ outcome: 'denied', details: { reasons: ['MODEL_NOT_APPROVED'] } });
  });
});
