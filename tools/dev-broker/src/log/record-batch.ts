/**
 * Record batch (magic v2) header, read in place. https://kafka.apache.org/documentation/#recordbatch
 *   baseOffset INT64 | batchLength INT32 | partitionLeaderEpoch INT32 | magic INT8 | crc UINT32 |
 *   attributes INT16 | lastOffsetDelta INT32 | baseTimestamp INT64 | maxTimestamp INT64 | producerId INT64 |
 *   producerEpoch INT16 | baseSequence INT32 | recordsCount INT32 | records...
 * The CRC covers attributes to the end, so the broker may rewrite baseOffset (and the leader epoch) without
 * recomputing it. Records, compressed or not, are never decoded here: every codec passes through untouched.
 */
import { crc32c } from './crc32c';

export const BATCH_HEADER_SIZE = 61;
/** baseOffset + batchLength: the part of the header not counted in batchLength. */
export const BATCH_LOG_OVERHEAD = 12;
const TWO_POW_32 = 0x1_0000_0000;
const ATTR_TRANSACTIONAL = 0x10;
const ATTR_CONTROL = 0x20;

export interface BatchHeader {
  /** Position of the batch in the buffer it was read from. */
  readonly position: number;
  /** Total size in bytes, header included. */
  readonly size: number;
  readonly baseOffset: number;
  readonly lastOffsetDelta: number;
  readonly maxTimestamp: number;
  readonly producerId: number;
  readonly producerEpoch: number;
  readonly baseSequence: number;
  readonly recordCount: number;
  readonly transactional: boolean;
}

export type BatchProblem = 'CORRUPT_MESSAGE' | 'UNSUPPORTED_FOR_MESSAGE_FORMAT' | 'TRANSACTIONAL';

function int64(buf: Buffer, pos: number): number {
  return buf.readInt32BE(pos) * TWO_POW_32 + buf.readUInt32BE(pos + 4);
}

/** Size of the batch starting at `pos`, or -1 if fewer than 12 bytes remain. */
export function batchSizeAt(buf: Buffer, pos: number): number {
  if (buf.length - pos < BATCH_LOG_OVERHEAD) return -1;
  return BATCH_LOG_OVERHEAD + buf.readInt32BE(pos + 8);
}

export function readBatchHeader(buf: Buffer, pos: number, size: number): BatchHeader {
  const attributes = buf.readInt16BE(pos + 21);
  return {
    position: pos,
    size,
    baseOffset: int64(buf, pos),
    lastOffsetDelta: buf.readInt32BE(pos + 23),
    maxTimestamp: int64(buf, pos + 35),
    producerId: int64(buf, pos + 43),
    producerEpoch: buf.readInt16BE(pos + 51),
    baseSequence: buf.readInt32BE(pos + 53),
    recordCount: buf.readInt32BE(pos + 57),
    transactional: (attributes & (ATTR_TRANSACTIONAL | ATTR_CONTROL)) !== 0,
  };
}

/** Validates one batch (bounds, magic, CRC); returns its header or the problem. */
export function checkBatch(buf: Buffer, pos: number, verifyCrc: boolean): BatchHeader | BatchProblem {
  const size = batchSizeAt(buf, pos);
  if (size < BATCH_HEADER_SIZE || pos + size > buf.length) return 'CORRUPT_MESSAGE';
  if (buf.readInt8(pos + 16) !== 2) return 'UNSUPPORTED_FOR_MESSAGE_FORMAT';
  if (verifyCrc && crc32c(buf, pos + 21, pos + size) !== buf.readUInt32BE(pos + 17)) return 'CORRUPT_MESSAGE';
  const header = readBatchHeader(buf, pos, size);
  if (header.recordCount <= 0 || header.lastOffsetDelta < 0) return 'CORRUPT_MESSAGE';
  return header;
}

/** Splits a produce request's records into validated batches. */
export function splitBatches(records: Buffer): BatchHeader[] | BatchProblem {
  const out: BatchHeader[] = [];
  let pos = 0;
  while (pos < records.length) {
    const batch = checkBatch(records, pos, true);
    if (typeof batch === 'string') return batch;
    if (batch.transactional) return 'TRANSACTIONAL';
    out.push(batch);
    pos += batch.size;
  }
  return out.length > 0 ? out : 'CORRUPT_MESSAGE';
}

export function writeBaseOffset(buf: Buffer, pos: number, offset: number): void {
  buf.writeInt32BE(Math.floor(offset / TWO_POW_32), pos);
  buf.writeUInt32BE(offset >>> 0, pos + 4);
  buf.writeInt32BE(0, pos + 12); // partitionLeaderEpoch: this single-node broker is always leader epoch 0
}
