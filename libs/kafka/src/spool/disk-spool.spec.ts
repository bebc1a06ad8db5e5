import { appendFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DiskSpool } from './disk-spool';

const rec = (i: number) => ({ topic: 't', key: `k${i % 3}`, headers: { schema: 's' }, value: JSON.stringify({ i }) });
const values = (records: Array<{ value: Buffer }>) => records.map((r) => (JSON.parse(r.value.toString('utf8')) as { i: number }).i);

describe('DiskSpool', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'asc-spool-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads appended records in order, and an ack moves the cursor past them', async () => {
    const spool = await DiskSpool.open({ dir, maxBytes: 1 << 20 });
    await Promise.all(Array.from({ length: 10 }, (_, i) => spool.append(rec(i))));
    expect(spool.depth().events).toBe(10);
    const first = await spool.read(4, 1 << 20);
    expect(values(first.records)).toEqual([0, 1, 2, 3]);
    expect(values((await spool.read(4, 1 << 20)).records)).toEqual([0, 1, 2, 3]); // read does not consume
    await spool.ack(first.next, 4);
    expect(values((await spool.read(100, 1 << 20)).records)).toEqual([4, 5, 6, 7, 8, 9]);
    expect(spool.depth().events).toBe(6);
    await spool.close();
  });

  it('replays unacknowledged records after a reopen, across segment rolls, and deletes acknowledged segments', async () => {
    let spool = await DiskSpool.open({ dir, maxBytes: 1 << 20, segmentBytes: 200 });
    for (let i = 0; i < 30; i++) await spool.append(rec(i));
    const segmentsBefore = (await readdir(dir)).filter((f) => f.endsWith('.seg')).length;
    expect(segmentsBefore).toBeGreaterThan(3);
    const batch = await spool.read(12, 1 << 20);
    await spool.ack(batch.next, 12);
    await spool.close();

    spool = await DiskSpool.open({ dir, maxBytes: 1 << 20, segmentBytes: 200 });
    expect(spool.depth().events).toBe(18);
    await spool.append(rec(30));
    const rest = await spool.read(1000, 1 << 20);
    expect(values(rest.records)).toEqual(Array.from({ length: 19 }, (_, i) => i + 12));
    await spool.ack(rest.next, rest.records.length);
    expect(spool.depth()).toEqual({ events: 0, bytes: 0 });
    expect((await readdir(dir)).filter((f) => f.endsWith('.seg')).length).toBeLessThanOrEqual(2);
    await spool.close();
  });

  it('drops a torn tail left by a crash and keeps every whole record before it', async () => {
    let spool = await DiskSpool.open({ dir, maxBytes: 1 << 20 });
    for (let i = 0; i < 5; i++) await spool.append(rec(i));
    await spool.close();
    const segment = (await readdir(dir)).filter((f) => f.endsWith('.seg')).sort()[0] ?? '';
    await appendFile(join(dir, segment), Buffer.from([0, 0, 0, 50, 1, 2, 3, 4, 123, 34])); // half a frame

    spool = await DiskSpool.open({ dir, maxBytes: 1 << 20 });
    expect(spool.depth().events).toBe(5);
    await spool.append(rec(5));
    expect(values((await spool.read(100, 1 << 20)).records)).toEqual([0, 1, 2, 3, 4, 5]);
    await spool.close();
  });

  it('refuses appends beyond maxBytes, except into the reserve', async () => {
    const spool = await DiskSpool.open({ dir, maxBytes: 300, reserveBytes: 100 });
    const accepted: Array<Promise<void>> = [];
    let refused = 0;
    for (let i = 0; i < 20; i++) {
      const p = spool.append(rec(i));
      if (p) accepted.push(p);
      else refused += 1;
    }
    await Promise.all(accepted);
    expect(accepted.length).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
    expect(spool.depth().bytes).toBeLessThanOrEqual(300);
    expect(spool.append(rec(99))).toBeNull();
    const reserved = spool.append(rec(99), { reserve: true });
    expect(reserved).not.toBeNull();
    await reserved;
    const batch = await spool.read(1000, 1 << 20);
    await spool.ack(batch.next, batch.records.length);
    expect(spool.hasRoom(60)).toBe(true);
    await spool.close();
  });
});
