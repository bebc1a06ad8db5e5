import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { usageRecordedV1 } from '@asc/contracts/events';
import { runConsumer } from '../src';
import { assertBuilt, startShipper, startWriter, type ShipperChild } from './processes';
import { createTopics, effectStore, kafkaClient, startBroker, tempDir, usageEffect, waitFor, type Broker } from './support';

/**
 * Writer and shipper as separate processes (the built dist), as a gateway and its sidecar run: a writer fixture
 * publishes with `sender: 'external'`, `shipper-main.js` ships the same spool directory to the dev broker, and a
 * consumer applies each event once to a Postgres effect table.
 */
describe('writer process + shipper process (built dist, dev broker, real Postgres)', () => {
  let broker: Broker | undefined;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let store: Awaited<ReturnType<typeof effectStore>>;
  const shippers: ShipperChild[] = [];
  const ship = (spool: string, brokers: string): ShipperChild => {
    const shipper = startShipper(spool, brokers);
    shippers.push(shipper);
    return shipper;
  };

  beforeAll(async () => {
    assertBuilt();
    dir = await tempDir('asc-kafka-shipper-');
  });
  beforeEach(async () => {
    store = await effectStore();
  });
  afterEach(async () => {
    for (const s of shippers.splice(0)) {
      if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
      await s.done;
    }
    await broker?.close();
    broker = undefined;
    await store?.drop();
  });
  afterAll(async () => {
    await dir?.remove();
  });

  /** Consumes usage events into the effect table until every expected id is there; returns every id applied. */
  async function effectsOf(brokers: string, group: string, expected: Set<string>): Promise<string[]> {
    const consumer = await runConsumer({ kafka: kafkaClient(brokers), groupId: group, topics: [usageRecordedV1], handleBatch: usageEffect(store, group) });
    try {
      await waitFor(async () => {
        const ids = new Set(await store.ids());
        return [...expected].every((id) => ids.has(id));
      }, { timeoutMs: 30_000, what: 'every expected event in the effect table' });
      await new Promise((r) => setTimeout(r, 200)); // nothing extra trickles in
    } finally {
      await consumer.stop();
    }
    return store.ids();
  }

  it('ships everything exactly once, also when the shipper is killed -9 mid-way and restarted', async () => {
    broker = await startBroker({ port: 0, dataDir: `${dir.path}/broker-a` });
    await createTopics(kafkaClient(broker.brokers));
    const spool = `${dir.path}/spool-a`;
    const first = ship(spool, broker.brokers);
    await first.running;

    const ids: string[] = [];
    const writer = startWriter({ dir: spool, count: 3000, prefix: 'a', mode: 'flush' }, ids);
    await waitFor(async () => (await first.stats()).sentEvents >= 300, { what: 'the first shipper to ship 300 events' });
    first.child.kill('SIGKILL');
    expect(await first.done).toMatch(/signal=SIGKILL/);
    const shippedBeforeKill = ids.length;

    const second = ship(spool, broker.brokers); // the dead shipper's lock is judged by pid: no wait
    await second.running;
    expect(await writer.done).toMatch(/^DRAINED code=0/);
    expect(ids.length).toBe(3000);
    expect(shippedBeforeKill).toBeLessThan(3000); // the kill really came mid-way

    const applied = await effectsOf(broker.brokers, 'shipper-kill', new Set(ids));
    expect(applied).toEqual([...ids].sort()); // exactly once, nothing else
    const stats = await second.stats();
    expect(stats.backlogBytes).toBe(0);
    expect(stats.cursor.shipped).toBeGreaterThanOrEqual(3000 - 500); // the first shipper's batches stayed acknowledged
    second.child.kill('SIGTERM');
    expect(await second.done).toMatch(/spool-shipper stopped \(SIGTERM\): drained=true .* code=0/);
  }, 60_000);

  it('replays after the writer is killed -9 and restarted, and after a broker outage', async () => {
    const dataDir = `${dir.path}/broker-b`;
    broker = await startBroker({ port: 0, dataDir });
    const { port, brokers } = broker;
    await createTopics(kafkaClient(brokers));
    const spool = `${dir.path}/spool-b`;
    const shipper = ship(spool, brokers);
    await shipper.running;

    const first: string[] = [];
    const run1 = startWriter({ dir: spool, count: 5000, prefix: 'b', mode: 'exit' }, first);
    await waitFor(() => first.length >= 300, { what: 'writer progress' });
    await broker.close(); // from here on the events exist only in the spool
    broker = undefined;
    const atOutage = first.length;
    await waitFor(() => first.length >= atOutage + 400, { what: 'writing during the outage' });
    run1.child.kill('SIGKILL');
    expect(await run1.done).toMatch(/signal=SIGKILL/);
    // (kafkajs takes its client retries, ~10 s by default, before the first send fails: not waited for here.)
    await new Promise((r) => setTimeout(r, 300));
    expect((await shipper.stats()).backlogBytes).toBeGreaterThan(0); // what was written during the outage waits

    broker = await startBroker({ port, dataDir });
    const second: string[] = [];
    const run2 = startWriter({ dir: spool, count: 200, prefix: 'c', mode: 'flush' }, second);
    expect(await run2.done).toMatch(/^DRAINED code=0/);

    const expected = new Set([...first, ...second]);
    const applied = await effectsOf(broker.brokers, 'writer-kill', expected);
    expect(new Set(applied).size).toBe(applied.length);
    // Only the one event in flight when the writer was killed may arrive without having been reported durable.
    const extra = await store.pool.query<{ request_id: string }>(`SELECT request_id FROM ${store.effects} WHERE event_id <> ALL($1::text[])`, [[...expected]]);
    expect(extra.rows.map((r) => r.request_id).filter((r) => r !== `b-${first.length}`)).toEqual([]);
    expect(applied.length).toBeGreaterThanOrEqual(expected.size);
  }, 60_000);
});
