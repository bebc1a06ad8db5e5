import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usageRecordedV1 } from '@asc/contracts/events';
import { DiskSpool, runConsumer } from '../src';
import { createTopics, effectStore, kafkaClient, startBroker, tempDir, usageEffect, waitFor, type Broker } from './support';

const PUBLISHER = join(__dirname, 'fixtures/publisher.cjs');
const DIST = join(__dirname, '../dist/index.js');

/** Starts the publisher child; collects the ids it reports as durable. */
function startPublisher(args: string[], ids: string[]): { child: ChildProcess; done: Promise<string> } {
  const child = spawn(process.execPath, [PUBLISHER, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let last = '';
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const lines = createInterface({ input: child.stdout! });
  lines.on('line', (line) => {
    if (/^[0-9a-f-]{36}$/.test(line)) ids.push(line);
    else last = line;
  });
  const closed = new Promise((resolve) => lines.on('close', resolve));
  const exited = new Promise<string>((resolve) => child.on('exit', (code, signal) => resolve(`code=${code} signal=${signal}`)));
  const done = Promise.all([exited, closed]).then(([exit]) => `${last} ${exit} ${stderr}`.trim());
  return { child, done };
}

describe('producer process killed mid-way (built dist, dev broker, real Postgres)', () => {
  let broker: Broker;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let store: Awaited<ReturnType<typeof effectStore>>;
  beforeAll(async () => {
    if (!existsSync(DIST)) throw new Error('libs/kafka/dist is missing: run `npx tsc -b libs/kafka` (npm test builds first)');
    dir = await tempDir('asc-kafka-kill-');
    store = await effectStore();
    broker = await startBroker({ port: 0, dataDir: `${dir.path}/broker` });
    await createTopics(kafkaClient(broker.brokers));
  });
  afterAll(async () => {
    await broker?.close();
    await store?.drop();
    await dir?.remove();
  });

  it('after kill -9 and a restart on the same spool, every event whose publish resolved arrives exactly once', async () => {
    const spool = `${dir.path}/spool`;
    const first: string[] = [];
    const run1 = startPublisher([broker.brokers, spool, '3000', 'a'], first);
    await waitFor(() => first.length >= 200, { what: 'first publisher progress' });
    // The broker goes down too, so the events published from here on exist only in the spool when the kill comes.
    const { port, dataDir } = broker;
    await broker.close();
    const atOutage = first.length;
    await waitFor(() => first.length >= atOutage + 300, { what: 'publishing during the outage' });
    run1.child.kill('SIGKILL');
    expect(await run1.done).toMatch(/signal=SIGKILL/);
    const resolvedBeforeKill = [...first];
    const spooled = await DiskSpool.open({ dir: spool, maxBytes: 64 << 20 });
    expect(spooled.depth().events).toBeGreaterThanOrEqual(resolvedBeforeKill.length - atOutage);
    await spooled.close();
    broker = await startBroker({ port, dataDir });

    const second: string[] = [];
    const run2 = startPublisher([broker.brokers, spool, '200', 'b'], second);
    expect(await run2.done).toMatch(/^DRAINED code=0/);
    expect(second.length).toBe(200);

    const kafka = kafkaClient(broker.brokers);
    const deliveries: string[] = [];
    const expected = new Set([...resolvedBeforeKill, ...second]);
    const consumer = await runConsumer({ kafka, groupId: 'kill', topics: [usageRecordedV1], handleBatch: usageEffect(store, 'kill', deliveries) });
    try {
      await waitFor(async () => {
        const ids = new Set(await store.ids());
        return [...expected].every((id) => ids.has(id));
      }, { timeoutMs: 30_000, what: 'every resolved event' });
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      await consumer.stop();
    }
    const ids = await store.ids();
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of expected) expect(ids).toContain(id);
    // The publisher awaits each publish, so at most the one event in flight at the kill may arrive unreported.
    const extra = await store.pool.query<{ request_id: string }>(
      `SELECT request_id FROM ${store.effects} WHERE event_id <> ALL($1::text[])`,
      [[...expected]],
    );
    expect(extra.rows.map((r) => r.request_id).filter((r) => r !== `a-${resolvedBeforeKill.length}`)).toEqual([]);
  });
});
