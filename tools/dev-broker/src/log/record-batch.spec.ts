/**
 * Record batch validation against batches encoded by kafkajs's own RecordBatch encoder (the bytes a producer sends).
 */
import { describe, expect, it } from 'vitest';
import { checkBatch, splitBatches, writeBaseOffset } from './record-batch';
import { crc32c } from './crc32c';
import { kafkajsBatch } from '../../test/support/kafkajs-batches';

describe('record batches', () => {
  it('reads the header of a kafkajs batch', async () => {
    const buf = await kafkajsBatch(['a', 'b', 'c'], { producerId: 42, firstSequence: 7 });
    const batch = checkBatch(buf, 0, true);
    expect(batch).toMatchObject({ position: 0, size: buf.length, baseOffset: 0, lastOffsetDelta: 2, recordCount: 3, producerId: 42, producerEpoch: 0, baseSequence: 7, maxTimestamp: 1_700_000_000_000, transactional: false });
  });

  it('splits concatenated batches and rejects corrupt, old-format and transactional ones', async () => {
    const one = await kafkajsBatch(['x']);
    const two = await kafkajsBatch(['y', 'z']);
    const both = Buffer.concat([one, two]);
    const split = splitBatches(both);
    expect(Array.isArray(split) && split.map((b) => [b.position, b.recordCount])).toEqual([[0, 1], [one.length, 2]]);

    const corrupt = Buffer.from(one);
    corrupt[corrupt.length - 1] ^= 0xff;
    expect(splitBatches(corrupt)).toBe('CORRUPT_MESSAGE');
    expect(splitBatches(one.subarray(0, one.length - 1))).toBe('CORRUPT_MESSAGE');
    const magic1 = Buffer.from(one);
    magic1[16] = 1;
    expect(splitBatches(magic1)).toBe('UNSUPPORTED_FOR_MESSAGE_FORMAT');
    expect(splitBatches(await kafkajsBatch(['t'], { transactional: true, producerId: 1 }))).toBe('TRANSACTIONAL');
  });

  it('patches the base offset without invalidating the CRC', async () => {
    const buf = await kafkajsBatch(['a', 'b']);
    writeBaseOffset(buf, 0, 2 ** 33 + 17);
    expect(Number(buf.readBigInt64BE(0))).toBe(2 ** 33 + 17);
    expect(crc32c(buf, 21)).toBe(buf.readUInt32BE(17));
    expect(checkBatch(buf, 0, true)).toMatchObject({ baseOffset: 2 ** 33 + 17 });
  });
});
