/**
 * PartitionLog on disk: offsets, segment rolling, reads across segments, size retention, idempotent-producer state
 * rebuilt on reopen, and CRC verification of the newest segment after an unclean shutdown.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PartitionLog } from './partition-log';
import { BatchHeader, splitBatches } from './record-batch';
import { kafkajsBatch, BatchOptions } from '../../test/support/kafkajs-batches';
import { removeDir, tempDataDir } from '../../test/support/broker-fixture';

async function append(log: PartitionLog, values: string[], opts: BatchOptions = {}): Promise<ReturnType<PartitionLog['append']>> {
  const records = await kafkajsBatch(values, opts);
  return log.append(records, splitBatches(records) as BatchHeader[]);
}

describe('PartitionLog', () => {
  const dirs: string[] = [];
  const logs: PartitionLog[] = [];
  afterEach(() => {
    logs.splice(0).forEach((l) => l.close());
    dirs.splice(0).forEach(removeDir);
  });

  function open(dir: string, segmentBytes = 1 << 20, verifyTail = false): PartitionLog {
    const log = PartitionLog.open('t', 0, dir, { segmentBytes, verifyTail });
    logs.push(log);
    return log;
  }

  it('rolls segments, reads across them, and applies size retention to closed segments only', async () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const log = open(dir, 200);
    for (let i = 0; i < 6; i++) expect(await append(log, [`v${i}a`, `v${i}b`])).toEqual({ ok: true, baseOffset: i * 2 });
    expect(log.highWatermark).toBe(12);
    const files = readdirSync(dir).sort();
    expect(files.length).toBeGreaterThan(1);
    expect(files[0]).toBe('00000000000000000000.log');

    const all: string[] = [];
    for (let offset = 0; offset < log.highWatermark; ) {
      const data = log.read(offset, 1 << 20) as Buffer;
      const batches = splitBatches(data) as BatchHeader[];
      for (const b of batches) all.push(data.subarray(b.position, b.position + b.size).toString('latin1'));
      const last = batches.at(-1) as BatchHeader;
      offset = last.baseOffset + last.lastOffsetDelta + 1;
    }
    expect(all).toHaveLength(6);
    expect(all.every((b, i) => b.includes(`v${i}a`) && b.includes(`v${i}b`))).toBe(true);
    expect(log.read(12, 1 << 20)).toBeNull();

    log.applyRetention(Date.now(), -1, 250);
    expect(log.logStartOffset).toBeGreaterThan(0);
    expect(log.highWatermark).toBe(12);
    expect(readdirSync(dir).length).toBeLessThan(files.length);
    expect(log.read(log.logStartOffset, 100)).not.toBeNull();
  });

  it('keeps idempotent-producer state across a reopen and truncates a corrupt tail after an unclean stop', async () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const first = open(dir);
    await append(first, ['a', 'b'], { producerId: 7, firstSequence: 0 });
    await append(first, ['c'], { producerId: 7, firstSequence: 2 });
    await append(first, ['d'], { producerId: 7, firstSequence: 3 });
    first.close();
    logs.pop();

    const reopened = open(dir);
    expect(reopened.highWatermark).toBe(4);
    expect(await append(reopened, ['d'], { producerId: 7, firstSequence: 3 })).toEqual({ ok: true, baseOffset: 3 });
    expect(await append(reopened, ['x'], { producerId: 7, firstSequence: 9 })).toEqual({ ok: false, error: 'OUT_OF_ORDER_SEQUENCE_NUMBER' });
    expect(reopened.highWatermark).toBe(4);
    reopened.close();
    logs.pop();

    // Flip a byte inside the last batch's records: only a CRC check can tell.
    const segment = join(dir, '00000000000000000000.log');
    const bytes = readFileSync(segment);
    bytes[bytes.length - 2] ^= 0x01;
    writeFileSync(segment, bytes);
    expect(open(dir, 1 << 20, false).highWatermark).toBe(4); // clean start: headers only
    logs.pop()?.close();
    const verified = open(dir, 1 << 20, true);
    expect(verified.highWatermark).toBe(3);
    expect(await append(verified, ['e'])).toEqual({ ok: true, baseOffset: 3 });
  });
});
