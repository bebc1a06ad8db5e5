import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FactoryProvider } from '@nestjs/common';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadGatewayConfig } from '@asc/config';
import { auditRecordedV1, decodeEvent, requestFinishedV1 } from '@asc/contracts/events';
import { SpoolTail } from '@asc/kafka';
import { deniedOutcome } from '../proxy/outcome';
import type { EventSink } from './event-sink';
import { eventSinkProvider } from './event-sink.provider';
import { KafkaEventSink } from './kafka-event-sink';

const env = {
  DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/asc',
  ASC_KEY_HASH_SECRET: 'x'.repeat(32),
  ASC_MASTER_KEYS: 'k1:' + Buffer.alloc(32, 1).toString('base64'),
  ASC_ADMIN_TOKEN: 'a'.repeat(24),
  KAFKA_BROKERS: '127.0.0.1:1', // nothing listens: with an external shipper the gateway never connects
};

const factory = (eventSinkProvider as FactoryProvider<Promise<EventSink>>).useFactory;

describe('event sink wiring, ASC_EVENT_SHIPPER=external', () => {
  let dir: string;
  let sink: EventSink | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'asc-gw-spool-'));
  });
  afterEach(async () => {
    await sink?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('spools one request record for a shipper on the same directory, and holds the writer lock only', async () => {
    const config = loadGatewayConfig({ ...env, ASC_SPOOL_DIR: dir, ASC_EVENT_SHIPPER: 'external' });
    sink = await factory(config);
    expect(sink).toBeInstanceOf(KafkaEventSink);
    expect((sink as KafkaEventSink).accepting()).toBe(true);
    sink.requestFinished({
      requestId: 'req-1',
      tenantId: 'tenant-1',
      keyId: 'key-1',
      dialect: 'openai',
      modelRequested: 'gpt-4o-mini',
      outcome: deniedOutcome({ error: { httpStatus: 403, code: 'POLICY_DENIED' }, streamed: false, latencyMs: 3 }),
      traceparent: undefined,
    });
    await new Promise((r) => setTimeout(r, 20)); // one event-loop turn writes the spool

    // The shipper's half of the same directory (it can open: the gateway holds only the writer lock).
    const tail = await SpoolTail.open({ dir });
    try {
      const { records } = await tail.read(10, 1 << 20);
      // One request-finished record; the shipper derives the events (a denial: the audit event only).
      expect(records.map((r) => r.topic)).toEqual([requestFinishedV1.spoolTopic]);
      const derived = requestFinishedV1.derive(JSON.parse(records[0]?.value.toString('utf8') ?? 'null'));
      expect(derived.map((d) => d.contract)).toEqual([auditRecordedV1]);
      const audit = decodeEvent(auditRecordedV1, JSON.stringify(derived[0]?.event));
      expect(audit.ok && audit.event).toMatchObject({ tenantId: 'tenant-1', requestId: 'req-1', kind: 'policy.decision', outcome: 'denied' });
    } finally {
      await tail.close();
    }
  });
});
