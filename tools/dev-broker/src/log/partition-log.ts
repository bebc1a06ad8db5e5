/**
 * The log of one partition: segment files under `<dataDir>/<topic>-<partition>/`, offsets, high watermark (equal to
 * the log end offset: single node, nothing to replicate), log start offset, idempotent-producer state, and the
 * wake-ups that end long-polling fetches. Single-threaded; owned by the LogManager.
 */
import { mkdirSync, readdirSync, rmSync, unlinkSync } from 'node:fs';
import { BatchHeader, writeBaseOffset } from './record-batch';
import { lastSequence, ProducerStateTable } from './producer-state';
import { Segment } from './segment';

export interface PartitionLogOptions {
  readonly segmentBytes: number;
  /** Verify CRCs of the newest segment while recovering (after an unclean shutdown). */
  readonly verifyTail: boolean;
}

export type AppendResult =
  | { readonly ok: true; readonly baseOffset: number }
  | { readonly ok: false; readonly error: 'INVALID_PRODUCER_EPOCH' | 'OUT_OF_ORDER_SEQUENCE_NUMBER' };

export class PartitionLog {
  private readonly segments: Segment[] = [];
  private readonly producers = new ProducerStateTable();
  private readonly waiters = new Set<() => void>();

  private constructor(
    readonly topic: string,
    readonly partition: number,
    readonly dir: string,
    private readonly options: PartitionLogOptions,
  ) {}

  static open(topic: string, partition: number, dir: string, options: PartitionLogOptions): PartitionLog {
    mkdirSync(dir, { recursive: true });
    const log = new PartitionLog(topic, partition, dir, options);
    const files = readdirSync(dir).filter((f) => /^\d{20}\.log$/.test(f)).sort();
    files.forEach((file, i) => {
      const verify = options.verifyTail && i === files.length - 1;
      const seg = Segment.recover(dir, file, verify, (b) => {
        if (b.producerId >= 0) {
          const last = lastSequence(b.baseSequence, b.lastOffsetDelta);
          log.producers.record(b.producerId, b.producerEpoch, b.baseSequence, last, b.baseOffset);
        }
      });
      const prev = log.segments[log.segments.length - 1];
      // A segment that does not continue where the previous one ended (or is empty) is dropped.
      if ((prev && seg.baseOffset !== prev.nextOffset) || (seg.size === 0 && files.length > 1)) {
        seg.close();
        unlinkSync(seg.path);
        return;
      }
      log.segments.push(seg);
    });
    if (log.segments.length === 0) log.segments.push(Segment.create(dir, 0));
    return log;
  }

  get logStartOffset(): number {
    return (this.segments[0] as Segment).baseOffset;
  }

  /** Log end offset, which is also the high watermark. */
  get highWatermark(): number {
    return this.active.nextOffset;
  }

  get maxProducerId(): number {
    return this.producers.maxProducerId();
  }

  private get active(): Segment {
    return this.segments[this.segments.length - 1] as Segment;
  }

  /**
   * Appends validated batches from a produce request (the `records` view). Offsets are assigned and patched into
   * the batches in place, then everything is written in one call; returns once the bytes are in the file.
   */
  append(records: Buffer, batches: readonly BatchHeader[]): AppendResult {
    const first = batches[0] as BatchHeader;
    if (first.producerId >= 0) {
      const check = this.producers.check(first.producerId, first.producerEpoch, first.baseSequence, lastSequence(first.baseSequence, first.lastOffsetDelta));
      if (check.kind === 'duplicate') return { ok: true, baseOffset: check.baseOffset };
      if (check.kind === 'error') return { ok: false, error: check.error };
    }
    if (this.active.size > 0 && this.active.size + records.length > this.options.segmentBytes) {
      this.segments.push(Segment.create(this.dir, this.highWatermark));
    }
    const baseOffset = this.highWatermark;
    let next = baseOffset;
    const positions: number[] = [];
    const bases: number[] = [];
    const timestamps: number[] = [];
    for (const b of batches) {
      writeBaseOffset(records, b.position, next);
      positions.push(b.position);
      bases.push(next);
      timestamps.push(b.maxTimestamp);
      if (b.producerId >= 0) {
        this.producers.record(b.producerId, b.producerEpoch, b.baseSequence, lastSequence(b.baseSequence, b.lastOffsetDelta), next);
      }
      next += b.lastOffsetDelta + 1;
    }
    this.active.append(records, positions, bases, timestamps, next);
    for (const wake of this.waiters) wake();
    return { ok: true, baseOffset };
  }

  /** Stored batches from the one holding `offset`, up to maxBytes (at least one batch); null at the end. */
  read(offset: number, maxBytes: number): Buffer | null {
    for (let i = this.segments.length - 1; i >= 0; i--) {
      const seg = this.segments[i] as Segment;
      if (seg.baseOffset <= offset) {
        if (offset < seg.nextOffset) return seg.read(offset, maxBytes);
        const following = this.segments[i + 1];
        return following ? following.read(following.baseOffset, maxBytes) : null;
      }
    }
    return null;
  }

  /** Earliest offset whose batch has a timestamp >= ts (ListOffsets by time), or null if none. */
  offsetForTimestamp(ts: number): { offset: number; timestamp: number } | null {
    for (const seg of this.segments) {
      const i = seg.index.findByTimestamp(ts);
      if (i >= 0) return { offset: Math.max(seg.index.baseOffset(i), this.logStartOffset), timestamp: seg.index.maxTimestamp(i) };
    }
    return null;
  }

  /** Registers a callback for the next append; returns the unsubscribe function. */
  onAppend(wake: () => void): () => void {
    this.waiters.add(wake);
    return () => this.waiters.delete(wake);
  }

  /**
   * Time/size retention: deletes whole closed segments that are entirely older than retentionMs, or while the
   * partition is larger than retentionBytes. The active segment is never deleted. -1 disables either limit.
   */
  applyRetention(now: number, retentionMs: number, retentionBytes: number): void {
    let total = 0;
    for (const s of this.segments) total += s.size;
    while (this.segments.length > 1) {
      const oldest = this.segments[0] as Segment;
      const newestTs = oldest.index.count > 0 ? oldest.index.maxTimestamp(oldest.index.count - 1) : now;
      const expired = retentionMs >= 0 && now - newestTs > retentionMs;
      const oversize = retentionBytes >= 0 && total - oldest.size >= retentionBytes;
      if (!expired && !oversize) break;
      this.segments.shift();
      total -= oldest.size;
      oldest.close();
      unlinkSync(oldest.path);
    }
  }

  sync(): void {
    for (const s of this.segments) s.sync();
  }

  close(): void {
    this.waiters.clear();
    for (const s of this.segments) s.close();
  }

  /** Closes and removes the partition directory (topic deletion). */
  destroy(): void {
    this.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
