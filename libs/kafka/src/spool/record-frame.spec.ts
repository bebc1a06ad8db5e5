import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crc32, crc32Table } from './crc32';
import { DiskSpool } from './disk-spool';
import { encodeFrame, readFrame } from './record-frame';

const record = { topic: 'asc.usage.recorded.v1', key: 'tenant-é', headers: { schema: 'usage.recorded.v1', traceparent: 'tp' }, value: '{"a":"ü\\"x"}' };

/** A frame as the JSON format before the binary one wrote it: spools from older releases must still replay. */
function legacyFrame(r: typeof record): Buffer {
  const payload = Buffer.from(JSON.stringify({ t: r.topic, k: r.key, h: r.headers, v: r.value }));
  const head = Buffer.alloc(8);
  head.writeUInt32BE(payload.length, 0);
  head.writeUInt32BE(crc32Table(payload), 4);
  return Buffer.concat([head, payload]);
}

describe('spool record frames', () => {
  it('round-trips a record with UTF-8 key, headers and value as bytes', () => {
    const read = readFrame(encodeFrame(record), 0);
    expect(read.kind).toBe('record');
    if (read.kind !== 'record') return;
    expect(read.record.topic).toBe(record.topic);
    expect(read.record.key.toString()).toBe(record.key);
    expect(Object.fromEntries(Object.entries(read.record.headers).map(([k, v]) => [k, v.toString()]))).toEqual(record.headers);
    expect(read.record.value.toString()).toBe(record.value);
    expect(read.bytes).toBe(encodeFrame(record).length);
  });

  it('reads frames of the legacy JSON format, and reports a flipped bit as corrupt', () => {
    const read = readFrame(legacyFrame(record), 0);
    expect(read.kind === 'record' && read.record.value.toString()).toBe(record.value);
    const frame = encodeFrame(record);
    frame[frame.length - 2] ^= 0x01;
    expect(readFrame(frame, 0).kind).toBe('corrupt');
  });

  it('native and table CRC-32 agree', () => {
    const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 31) % 256));
    expect(crc32(bytes)).toBe(crc32Table(bytes));
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  it('replays a spool holding legacy frames before binary ones, in order', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'asc-frames-'));
    try {
      await appendFile(join(dir, `${'1'.padStart(20, '0')}.seg`), Buffer.concat([legacyFrame({ ...record, value: '{"i":0}' }), legacyFrame({ ...record, value: '{"i":1}' })]));
      const spool = await DiskSpool.open({ dir, maxBytes: 1 << 20 });
      await spool.append({ ...record, value: '{"i":2}' });
      const { records } = await spool.read(10, 1 << 20);
      expect(records.map((r) => r.value.toString())).toEqual(['{"i":0}', '{"i":1}', '{"i":2}']);
      await spool.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('keeps every frame when one event-loop turn fills several write buffers', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'asc-frames-'));
    try {
      const spool = await DiskSpool.open({ dir, maxBytes: 64 << 20 });
      const big = 'x'.repeat(3000);
      const writes = Array.from({ length: 400 }, (_, i) => spool.append({ ...record, value: `{"i":${i},"p":"${big}"}` }));
      expect(new Set(writes).size).toBe(1); // one turn, one write, one promise
      await Promise.all(writes);
      const more = await spool.append({ ...record, value: '{"i":400}' });
      expect(more).toBeUndefined();
      const { records } = await spool.read(1000, 64 << 20);
      expect(records.map((r) => (JSON.parse(r.value.toString()) as { i: number }).i)).toEqual(Array.from({ length: 401 }, (_, i) => i));
      await spool.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
