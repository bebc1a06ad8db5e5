import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GatewayError } from '@asc/errors';
import { EventValidationError, auditRecordedV1, decodeEvent, newEventId, usageRecordedV1 } from '@asc/contracts/events';
import { DiskSpool } from '../spool/disk-spool';
import { ReliableProducer, type InProcessProducerOptions } from './reliable-producer';

/** A port nothing listens on: the broker is down for the whole test. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const usage = () => ({ ...usageRecordedV1.fixture, eventId: newEventId() });

describe('ReliableProducer with the broker down', () => {
  let dir: string;
  let kafka: Kafka;
  /** The producer under test, closed after each test even when it fails. */
  let current: ReliableProducer | undefined;
  const start = async (options: Omit<InProcessProducerOptions, 'kafka'>) =>
    (current = await ReliableProducer.start({ kafka, ...options }));
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'asc-producer-'));
    kafka = new Kafka({ brokers: [`127.0.0.1:${await deadPort()}`], logLevel: logLevel.NOTHING, connectionTimeout: 200, retry: { retries: 0 } });
  });
  afterEach(async () => {
    await current?.close({ timeoutMs: 50 });
    await rm(dir, { recursive: true, force: true });
  });

  it('accepts at once, keeps events in the spool, and leaves them there on close', async () => {
    const producer = await start({ spool: { dir, maxBytes: 1 << 20 }, onSpoolFull: 'fail-closed', retry: { initialMs: 20, maxMs: 50 } });
    const started = Date.now();
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => producer.publish(usageRecordedV1, usage())));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(new Set(outcomes)).toEqual(new Set(['spooled']));
    await new Promise((r) => setTimeout(r, 300));
    const stats = producer.stats();
    expect(stats).toMatchObject({ spooledEvents: 20, sentEvents: 0, spoolDepthEvents: 20, connected: false });
    expect(stats.lastError?.message).toBeTruthy();
    await producer.close({ timeoutMs: 100 });

    const spool = await DiskSpool.open({ dir, maxBytes: 1 << 20 });
    expect(spool.depth().events).toBe(20);
    await spool.close();
  });

  it('rejects an invalid event at the producer edge without spooling it', async () => {
    const producer = await start({ spool: { dir, maxBytes: 1 << 20 }, onSpoolFull: 'fail-closed' });
    const bad = { ...usage(), tenantId: '' };
    const error = await producer.publish(usageRecordedV1, bad).catch((err: unknown) => err);
    expect(EventValidationError.is(error)).toBe(true);
    expect(producer.stats().spoolDepthEvents).toBe(0);
    await producer.close({ timeoutMs: 50 });
  });

  it('fail-closed: once the spool is full, publish rejects with a 503 GatewayError and accepting() is false', async () => {
    const producer = await start({ spool: { dir, maxBytes: 8 * 1024 }, onSpoolFull: 'fail-closed' });
    const results = await Promise.allSettled(Array.from({ length: 40 }, () => producer.publish(usageRecordedV1, usage())));
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    const accepted = results.length - rejected.length;
    expect(accepted).toBeGreaterThan(5);
    expect(rejected.length).toBe(40 - accepted);
    const reason: unknown = rejected[0]?.reason;
    expect(GatewayError.is(reason) && reason.code === 'OVERLOADED' && reason.httpStatus === 503).toBe(true);
    expect(producer.accepting()).toBe(false);
    expect(producer.stats()).toMatchObject({ spooledEvents: accepted, rejectedEvents: 40 - accepted, shedEvents: 0 });
    expect(producer.stats().spoolDepthBytes).toBeLessThanOrEqual(8 * 1024);
    await producer.close({ timeoutMs: 50 });
  });

  it('shed: once the spool is full, events are dropped, counted and reported in one spool.shed audit event', async () => {
    const producer = await start({
      spool: { dir, maxBytes: 8 * 1024 },
      onSpoolFull: 'shed',
      shedAudit: { serviceId: 'gateway-test', intervalMs: 50 },
    });
    const outcomes = await Promise.all(Array.from({ length: 40 }, () => producer.publish(usageRecordedV1, usage())));
    const shed = outcomes.filter((o) => o === 'shed').length;
    expect(shed).toBeGreaterThan(0);
    expect(producer.accepting()).toBe(true);
    await new Promise((r) => setTimeout(r, 150));
    expect(producer.stats()).toMatchObject({ shedEvents: shed, spooledEvents: 40 - shed, shedAuditEvents: 1 });
    await producer.close({ timeoutMs: 50 });

    // The audit event sits in the spool's reserve, behind the accepted events, waiting for Kafka.
    const spool = await DiskSpool.open({ dir, maxBytes: 8 * 1024 });
    const { records } = await spool.read(1000, 1 << 20);
    await spool.close();
    const last = records[records.length - 1];
    expect(records.length).toBe(40 - shed + 1);
    expect(last?.topic).toBe('asc.audit.recorded.v1');
    const audit = decodeEvent(auditRecordedV1, last?.value ?? null);
    expect(audit.ok && audit.event).toMatchObject({
      tenantId: '_platform',
      kind: 'spool.shed',
      actor: { type: 'service', id: 'gateway-test' },
      details: { shedEvents: shed, byTopic: { 'asc.usage.recorded.v1': shed } },
    });
  });
});
