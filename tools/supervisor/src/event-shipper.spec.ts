import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReliableProducer, SpoolLock } from '@asc/kafka';
import type { ServiceProcess } from './child-process';
import { startEventShipper } from './event-shipper';

const root = resolve(__dirname, '../../..');

async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('npm start: the event spool shipper beside the gateway', () => {
  let dir: string;
  let children: ServiceProcess[];
  beforeEach(async () => {
    if (!existsSync(join(root, 'libs/kafka/dist/shipper-main.js'))) throw new Error('build libs/kafka first (npm test builds)');
    dir = await mkdtemp(join(tmpdir(), 'asc-supervisor-spool-'));
    children = [];
  });
  afterEach(async () => {
    for (const child of children.reverse()) await child.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('starts the built shipper on the gateway spool dir, where it holds the shipper lock, and stops it cleanly', async () => {
    const services: string[] = [];
    const exits: string[] = [];
    const mode = startEventShipper({
      root,
      spoolDir: dir,
      env: { ...process.env, KAFKA_BROKERS: '127.0.0.1:1' },
      children,
      services,
      onUnexpectedExit: (name) => exits.push(name),
    });
    expect(mode).toBe('external');
    expect(services).toEqual([`event spool shipper (${dir})`]);
    await waitFor(async () => (await SpoolLock.holder(dir, 'shipper')) !== null, 'the shipper to hold the spool');
    // The gateway's side (ASC_EVENT_SHIPPER=external) opens beside it.
    const writer = await ReliableProducer.start({ sender: 'external', spool: { dir, maxBytes: 1 << 20 }, onSpoolFull: 'fail-closed' });
    await writer.close();
    for (const child of children.splice(0)) await child.stop();
    expect(exits).toEqual([]);
    expect(await SpoolLock.holder(dir, 'shipper')).toBeNull();
  });

  it('starts nothing with ASC_EVENT_SHIPPER=in-process', () => {
    const services: string[] = [];
    const mode = startEventShipper({ root, spoolDir: dir, env: { KAFKA_BROKERS: '127.0.0.1:1', ASC_EVENT_SHIPPER: 'in-process' }, children, services, onUnexpectedExit: () => undefined });
    expect(mode).toBe('in-process');
    expect(children).toEqual([]);
    expect(services).toEqual([]);
  });
});
