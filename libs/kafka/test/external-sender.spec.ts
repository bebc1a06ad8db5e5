import { readdir } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GatewayError } from '@asc/errors';
import { auditRecordedV1, newEventId, usageRecordedV1, type AuditRecordedV1 } from '@asc/contracts/events';
import { ReliableProducer, SpoolLockedError, runConsumer, type ExternalProducerOptions } from '../src';
import { assertBuilt, startShipper, type ShipperChild } from './processes';
import { createTopics, effectStore, kafkaClient, startBroker, tempDir, usageEffect, waitFor, type Broker } from './support';

/** A writer in this process (`sender: 'external'`, as the gateway runs it) and the shipper process beside it. */
describe('external sender: writer here, shipper process beside it (built dist, dev broker)', () => {
  let broker: Broker | undefined;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  const shippers: ShipperChild[] = [];
  const producers: ReliableProducer[] = [];
  const ship = (spool: string, brokers: string): ShipperChild => {
    const shipper = startShipper(spool, brokers);
    shippers.push(shipper);
    return shipper;
  };
  const writer = async (options: Omit<ExternalProducerOptions, 'sender'>) => {
    const producer = await ReliableProducer.start({ sender: 'external', ...options });
    producers.push(producer);
    return producer;
  };

  beforeAll(async () => {
    assertBuilt();
    dir = await tempDir('asc-kafka-external-');
  });
  afterEach(async () => {
    for (const p of producers.splice(0)) await p.close();
    for (const s of shippers.splice(0)) {
      if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
      await s.done;
    }
    await broker?.close();
    broker = undefined;
  });
  afterAll(async () => {
    await dir?.remove();
  });

  it('refuses a second shipper process and an in-process producer on a shipped directory; SIGTERM exits cleanly', async () => {
    const spool = `${dir.path}/spool-lock`;
    const first = ship(spool, '127.0.0.1:1'); // never connects: there is nothing to ship
    await first.running;
    const second = ship(spool, '127.0.0.1:1');
    await expect(second.running).rejects.toThrow(/already has a live shipper \(pid \d+/);
    expect(await second.done).toMatch(/code=1/);
    const error = await ReliableProducer.start({ kafka: kafkaClient('127.0.0.1:1'), spool: { dir: spool, maxBytes: 1 << 20 }, onSpoolFull: 'fail-closed' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpoolLockedError);
    await writer({ spool: { dir: spool, maxBytes: 1 << 20 }, onSpoolFull: 'fail-closed' }); // a writer is welcome
    await expect(writer({ spool: { dir: spool, maxBytes: 1 << 20 }, onSpoolFull: 'fail-closed' })).rejects.toThrow(/already has a live writer/);
    await producers.splice(0)[0]?.close();

    first.child.kill('SIGTERM');
    expect(await first.done).toMatch(/^spool-shipper stopped \(SIGTERM\): drained=true sent=0 .* code=0/);
    expect((await readdir(spool)).filter((f) => f.endsWith('.lock'))).toEqual([]);
  });

  it('fail-closed: with the shipper down a small spool fills and refuses; once it ships, the writer sees the depth shrink and accepts again', async () => {
    broker = await startBroker({ port: 0, dataDir: `${dir.path}/broker-full` });
    await createTopics(kafkaClient(broker.brokers));
    const spool = `${dir.path}/spool-full`;
    const producer = await writer({ spool: { dir: spool, maxBytes: 16 * 1024, cursorPollMs: 20 }, onSpoolFull: 'fail-closed' });
    const published = Array.from({ length: 60 }, () => ({ ...usageRecordedV1.fixture, eventId: newEventId() }));
    const results = await Promise.allSettled(published.map((e) => producer.publish(usageRecordedV1, e)));
    const accepted = published.filter((_, i) => results[i]?.status === 'fulfilled').map((e) => e.eventId);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(accepted.length).toBeGreaterThan(5);
    expect(rejected.length).toBeGreaterThan(0);
    const reason: unknown = rejected[0]?.reason;
    expect(GatewayError.is(reason) && reason.code === 'OVERLOADED' && reason.httpStatus === 503).toBe(true);
    expect(producer.accepting()).toBe(false);
    const full = producer.stats();
    expect(full).toMatchObject({ sender: 'external', spoolDepthEvents: accepted.length, sentEvents: 0, connected: false });

    const shipper = ship(spool, broker.brokers);
    await shipper.running;
    const depths: number[] = [];
    await waitFor(() => (depths.push(producer.stats().spoolDepthEvents), producer.accepting() && producer.stats().spoolDepthEvents === 0), {
      what: 'the writer to see the spool drained',
      intervalMs: 10,
    });
    expect(Math.max(...depths)).toBe(accepted.length);
    expect(producer.stats()).toMatchObject({ spoolDepthBytes: 0, sentEvents: accepted.length });
    expect(await producer.publish(usageRecordedV1, { ...usageRecordedV1.fixture, eventId: newEventId() })).toBe('spooled');
    expect(await producer.flush(10_000)).toBe(true);

    const store = await effectStore();
    try {
      const consumer = await runConsumer({ kafka: kafkaClient(broker.brokers), groupId: 'full', topics: [usageRecordedV1], handleBatch: usageEffect(store, 'full') });
      try {
        await waitFor(async () => (await store.count()) >= accepted.length + 1, { what: 'the accepted events' });
      } finally {
        await consumer.stop();
      }
      const ids = await store.ids();
      expect(ids).toHaveLength(accepted.length + 1);
      for (const id of accepted) expect(ids).toContain(id);
    } finally {
      await store.drop();
    }
  }, 60_000);

  it('shed: the writer drops what does not fit and spools one spool.shed audit event, which the shipper delivers', async () => {
    broker = await startBroker({ port: 0, dataDir: `${dir.path}/broker-shed` });
    const kafka = kafkaClient(broker.brokers);
    await createTopics(kafka);
    const spool = `${dir.path}/spool-shed`;
    const producer = await writer({ spool: { dir: spool, maxBytes: 16 * 1024 }, onSpoolFull: 'shed', shedAudit: { serviceId: 'gateway-ext', intervalMs: 100 } });
    const outcomes = await Promise.all(Array.from({ length: 60 }, () => producer.publish(usageRecordedV1, { ...usageRecordedV1.fixture, eventId: newEventId() })));
    const shed = outcomes.filter((o) => o === 'shed').length;
    expect(shed).toBeGreaterThan(0);
    await waitFor(() => producer.stats().shedAuditEvents === 1, { what: 'the shed audit event' });

    const shipper = ship(spool, broker.brokers);
    await shipper.running;
    expect(await producer.flush(20_000)).toBe(true);
    expect(producer.stats()).toMatchObject({ sentEvents: 60 - shed + 1, shedEvents: shed });

    const audits: AuditRecordedV1[] = [];
    const consumer = await runConsumer({ kafka, groupId: 'audit-ext', topics: [auditRecordedV1], handleBatch: async ({ events }) => void audits.push(...events.map((e) => e.event)) });
    try {
      await waitFor(() => audits.length >= 1, { what: 'audit event' });
    } finally {
      await consumer.stop();
    }
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ kind: 'spool.shed', actor: { type: 'service', id: 'gateway-ext' }, details: { shedEvents: shed } });
  }, 60_000);
});
