/**
 * One segment file of a partition log: `<baseOffset, 20 digits>.log`, record batches back to back exactly as the
 * producer sent them (base offset patched). Appends are positional writes: when `append` returns, the bytes are in
 * the file (OS page cache); fsync is the caller's choice. Single-threaded, owned by one PartitionLog.
 */
import { closeSync, fdatasyncSync, fstatSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { BatchIndex } from './batch-index';
import { BATCH_HEADER_SIZE, checkBatch, readBatchHeader } from './record-batch';

export function segmentFileName(baseOffset: number): string {
  return `${String(baseOffset).padStart(20, '0')}.log`;
}

/** Called for each valid batch while a segment is recovered, so the caller can rebuild producer state. */
export type BatchVisitor = (header: {
  baseOffset: number;
  lastOffsetDelta: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
}) => void;

const RECOVERY_CHUNK = 1 << 20;

export class Segment {
  readonly index = new BatchIndex();
  size = 0;
  /** Offset after the last record in this segment. */
  nextOffset: number;
  private dirty = false;

  private constructor(
    readonly baseOffset: number,
    readonly path: string,
    private readonly fd: number,
  ) {
    this.nextOffset = baseOffset;
  }

  static create(dir: string, baseOffset: number): Segment {
    const path = join(dir, segmentFileName(baseOffset));
    return new Segment(baseOffset, path, openSync(path, 'w+'));
  }

  /**
   * Opens an existing segment and rebuilds its index by walking batch headers. A torn or corrupt tail (crash
   * mid-write) is truncated away; `verifyCrc` checks every batch's CRC (done for the newest segment after an
   * unclean shutdown).
   */
  static recover(dir: string, fileName: string, verifyCrc: boolean, visit: BatchVisitor): Segment {
    const baseOffset = Number(fileName.slice(0, -4));
    const path = join(dir, fileName);
    const seg = new Segment(baseOffset, path, openSync(path, 'r+'));
    const fileSize = fstatSync(seg.fd).size;
    let pos = 0;
    let chunk = Buffer.alloc(0);
    let chunkStart = 0;
    while (pos + BATCH_HEADER_SIZE <= fileSize) {
      const header = Buffer.allocUnsafe(12);
      readSync(seg.fd, header, 0, 12, pos);
      const size = 12 + header.readInt32BE(8);
      if (size < BATCH_HEADER_SIZE || pos + size > fileSize) break;
      // Read the whole batch when verifying the CRC, just the header otherwise.
      const want = verifyCrc ? size : BATCH_HEADER_SIZE;
      if (pos < chunkStart || pos + want > chunkStart + chunk.length) {
        chunk = Buffer.allocUnsafe(Math.max(want, Math.min(RECOVERY_CHUNK, fileSize - pos)));
        chunk = chunk.subarray(0, readSync(seg.fd, chunk, 0, chunk.length, pos));
        chunkStart = pos;
      }
      const view = chunk.subarray(pos - chunkStart, pos - chunkStart + want);
      const batch = verifyCrc ? checkBatch(view, 0, true) : view.readInt8(16) === 2 ? readBatchHeader(view, 0, size) : null;
      if (batch === null || typeof batch === 'string' || batch.baseOffset !== seg.nextOffset) break;
      seg.index.add(batch.baseOffset, pos, batch.maxTimestamp);
      visit(batch);
      seg.nextOffset = batch.baseOffset + batch.lastOffsetDelta + 1;
      pos += size;
    }
    if (pos < fileSize) ftruncateSync(seg.fd, pos);
    seg.size = pos;
    return seg;
  }

  /** Appends batches (already offset-patched) that cover offsets up to `nextOffset`. */
  append(bytes: Buffer, batchPositions: readonly number[], batchBases: readonly number[], maxTimestamps: readonly number[], nextOffset: number): void {
    let written = 0;
    while (written < bytes.length) {
      written += writeSync(this.fd, bytes, written, bytes.length - written, this.size + written);
    }
    for (let i = 0; i < batchPositions.length; i++) {
      this.index.add(batchBases[i] as number, this.size + (batchPositions[i] as number), maxTimestamps[i] as number);
    }
    this.size += bytes.length;
    this.nextOffset = nextOffset;
    this.dirty = true;
  }

  /** Reads whole batches starting with the one holding `offset`, up to maxBytes (always at least one batch). */
  read(offset: number, maxBytes: number): Buffer | null {
    const first = this.index.find(offset);
    if (first < 0) return null;
    const start = this.index.position(first);
    let end = this.endOf(first);
    for (let i = first + 1; i < this.index.count; i++) {
      const next = this.endOf(i);
      if (next - start > maxBytes) break;
      end = next;
    }
    const out = Buffer.allocUnsafe(end - start);
    let read = 0;
    while (read < out.length) {
      const n = readSync(this.fd, out, read, out.length - read, start + read);
      if (n === 0) break;
      read += n;
    }
    return out.subarray(0, read);
  }

  private endOf(i: number): number {
    return i + 1 < this.index.count ? this.index.position(i + 1) : this.size;
  }

  sync(): void {
    if (!this.dirty) return;
    fdatasyncSync(this.fd);
    this.dirty = false;
  }

  close(): void {
    closeSync(this.fd);
  }
}
