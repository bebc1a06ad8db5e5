import { appendFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DiskSpool } from './disk-spool';
import { encodeFrame } from './record-frame';
import { SpoolTail } from './spool-tail';

const rec = (i: number) => ({ topic: 't', key: `k${i % 3}`, headers: { schema: 's' }, value: JSON.stringify({ i }) });
const values = (records: Array<{ value: Buffer }>) => records.map((r) => (JSON.parse(r.value.toString('utf8')) as { i: number }).i);
const segments = async (dir: string) => (await readdir(dir)).filter((f) => f.endsWith('.seg')).sort();

/** The two halves over one directory, as a gateway (writer, `reader: 'external'`) and a shipper hold it. */
describe('SpoolTail reading what an external writer appends', () => {
  let dir: string;
  const open: Array<{ close: () => Promise<void> }> = [];
  const track = <T extends { close: () => Promise<void> }>(x: T): T => (open.push(x), x);
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'asc-tail-'));
  });
  afterEach(async () => {
    for (const x of open.splice(0).reverse()) await x.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('reads in order across segment rolls; acks persist the cursor, delete finished segments, and the writer sees its depth shrink', async () => {
    const writer = track(await DiskSpool.open({ dir, maxBytes: 1 << 20, segmentBytes: 150, reader: 'external', cursorPollMs: 10 }));
    const tail = track(await SpoolTail.open({ dir, pollMs: 5 }));
    for (let i = 0; i < 20; i++) await writer.append(rec(i));
    expect(writer.depth().events).toBe(20);
    expect((await segments(dir)).length).toBeGreaterThan(3);

    const first = await tail.read(8, 1 << 20);
    expect(values(first.records)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    await tail.ack(first.next, 8);
    const depthBefore = writer.depth().bytes;
    await writer.syncCursor(); // (also runs on its own every cursorPollMs)
    expect(writer.depth().events).toBe(12);
    expect(writer.depth().bytes).toBeLessThan(depthBefore);

    const rest = await tail.read(100, 1 << 20);
    expect(values(rest.records)).toEqual(Array.from({ length: 12 }, (_, i) => i + 8));
    await tail.ack(rest.next, 12);
    expect((await segments(dir)).length).toBe(1); // only the segment at the cursor (the writer's active one) is left
    await new Promise((r) => setTimeout(r, 50)); // the writer's own poll picks it up
    expect(writer.depth()).toEqual({ events: 0, bytes: 0 });
    expect(tail.position().shipped).toBe(20);
    expect(await tail.refresh()).toBe(false);
  });

  it('reads every record once and in order while the writer keeps appending and rolling small segments', async () => {
    const writer = track(await DiskSpool.open({ dir, maxBytes: 64 << 20, segmentBytes: 2048, reader: 'external', cursorPollMs: 5 }));
    const tail = track(await SpoolTail.open({ dir, pollMs: 1 }));
    const total = 3000;
    const writing = (async () => {
      for (let i = 0; i < total; i += 7) {
        for (let j = i; j < Math.min(total, i + 7); j++) void writer.append(rec(j));
        await new Promise((r) => setImmediate(r));
      }
      await writer.flushWrites();
    })();
    let stop = false;
    const refreshing = (async () => {
      while (!stop) await tail.refresh(); // as SpoolShipper.flush does, concurrently with reads
    })();
    const seen: number[] = [];
    const deadline = Date.now() + 20_000;
    while (seen.length < total && Date.now() < deadline) {
      const batch = await tail.read(37, 1 << 20);
      seen.push(...values(batch.records));
      await tail.ack(batch.next, batch.records.length);
      if (batch.records.length === 0) await new Promise((r) => setTimeout(r, 1));
    }
    stop = true;
    await Promise.all([writing, refreshing]);
    expect(seen).toEqual(Array.from({ length: total }, (_, i) => i));
    expect(await tail.refresh()).toBe(false);
    await writer.syncCursor();
    expect(writer.depth()).toEqual({ events: 0, bytes: 0 });
    expect((await segments(dir)).length).toBe(1);
  });

  it('fail-closed bookkeeping: a full writer takes records again once the shipper acknowledged', async () => {
    const writer = track(await DiskSpool.open({ dir, maxBytes: 400, reader: 'external', cursorPollMs: 10 }));
    const tail = track(await SpoolTail.open({ dir }));
    let accepted = 0;
    for (let i = 0; i < 20; i++) {
      const written = writer.append(rec(i));
      if (!written) break;
      await written;
      accepted += 1;
    }
    expect(accepted).toBeGreaterThan(2);
    expect(writer.append(rec(99))).toBeNull();
    const batch = await tail.read(1000, 1 << 20);
    expect(batch.records.length).toBe(accepted);
    await tail.ack(batch.next, accepted);
    await writer.syncCursor();
    expect(writer.hasRoom(100)).toBe(true);
    await writer.append(rec(100));
    expect(values((await tail.read(10, 1 << 20)).records)).toEqual([100]);
  });

  it('stops at a frame cut short at the end of the newest segment, and goes on once it is complete', async () => {
    const writer = track(await DiskSpool.open({ dir, maxBytes: 1 << 20, reader: 'external' }));
    const tail = track(await SpoolTail.open({ dir }));
    await writer.append(rec(0));
    const active = (await segments(dir)).at(-1) ?? '';
    const frame = encodeFrame(rec(1));
    await appendFile(join(dir, active), frame.subarray(0, 20)); // a write in progress, as another process sees it
    const batch = await tail.read(100, 1 << 20);
    expect(values(batch.records)).toEqual([0]);
    await tail.ack(batch.next, 1);
    expect(values((await tail.read(100, 1 << 20)).records)).toEqual([]);
    expect(tail.hasData()).toBe(false); // no busy loop on the partial frame
    await appendFile(join(dir, active), frame.subarray(20));
    expect(await tail.refresh()).toBe(true);
    expect(values((await tail.read(100, 1 << 20)).records)).toEqual([1]);
  });

  it('after a writer crash left a torn tail, the next writer truncates it and the tail moves on to its segment', async () => {
    let writer = await DiskSpool.open({ dir, maxBytes: 1 << 20, reader: 'external' });
    for (let i = 0; i < 3; i++) await writer.append(rec(i));
    await writer.close();
    const torn = (await segments(dir)).at(-1) ?? '';
    await appendFile(join(dir, torn), encodeFrame(rec(99)).subarray(0, 15));
    const tail = track(await SpoolTail.open({ dir }));
    const before = await tail.read(100, 1 << 20);
    expect(values(before.records)).toEqual([0, 1, 2]);
    await tail.ack(before.next, 3);

    writer = track(await DiskSpool.open({ dir, maxBytes: 1 << 20, reader: 'external' }));
    await writer.append(rec(3));
    expect(await tail.refresh()).toBe(true);
    const after = await tail.read(100, 1 << 20);
    expect(values(after.records)).toEqual([3]);
    await tail.ack(after.next, 1);
    expect(await segments(dir)).toHaveLength(1);
  });

  it('one writer and one shipper per directory; an in-process producer spool holds both roles', async () => {
    track(await DiskSpool.open({ dir, maxBytes: 1 << 20, reader: 'external' }));
    await expect(DiskSpool.open({ dir, maxBytes: 1 << 20, reader: 'external' })).rejects.toThrow(/already has a live writer/);
    track(await SpoolTail.open({ dir }));
    await expect(SpoolTail.open({ dir })).rejects.toThrow(/already has a live shipper/);
    const other = await mkdtemp(join(tmpdir(), 'asc-tail-'));
    try {
      const inProcess = await DiskSpool.open({ dir: other, maxBytes: 1 << 20 });
      await expect(SpoolTail.open({ dir: other })).rejects.toThrow(/already has a live shipper/);
      await inProcess.close();
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });
});
