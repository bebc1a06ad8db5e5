import { mkdir, open, rm, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { sleep } from '../backoff';
import { readFrame, type SpooledRecord } from './record-frame';
import { listSegments, readAt, readCursor, segmentName, writeCursor, type SpoolCursor, type SpoolPosition } from './spool-files';
import { SpoolLock, type SpoolLockOptions } from './spool-lock';
import type { SpoolBatch } from './disk-spool';

/**
 * The reading half of a spool whose writer is another process (a gateway with `reader: 'external'`): reads records
 * from the persisted cursor, in order, acknowledges them (cursor.json, with the running `shipped` count the writer
 * derives its depth from) and deletes segments it has finished.
 *
 * It sees the writer's progress only through the files: a directory listing, then the size of the segment at the
 * cursor. The order matters: a segment is final once a later one exists (the writer rolls, or a restarted writer
 * truncates a torn tail before it creates its new segment), so a size taken after a listing that shows a later
 * segment is the segment's final size. A frame cut short at the end of the newest segment is being written (or was
 * torn by a crash the next writer will truncate): reading stops there and resumes when the files change.
 * Holds the directory's `shipper` lock. Not thread-safe.
 */
export interface SpoolTailOptions {
  dir: string;
  /** How often `waitForData` looks at the files. Default 20 ms. */
  pollMs?: number;
  lock?: SpoolLockOptions;
}

const READ_CHUNK = 1 << 20;

export class SpoolTail {
  private seqs: number[] = [];
  /** Sizes of segments known to be final (a later segment existed when they were measured): never re-measured. */
  private readonly finalSizes = new Map<number, number>();
  private readHandle: { seq: number; handle: FileHandle } | null = null;
  /** Bytes beyond the cursor, as of the last refresh. */
  private backlog = 0;
  /** Files state (listing + size at cursor) at which the last read made no progress: not "data" until it changes. */
  private blockedAt: string | null = null;
  private lastState = '';
  private closed = false;

  private constructor(
    private readonly dir: string,
    private readonly pollMs: number,
    private cursor: SpoolCursor,
    private readonly lock: SpoolLock,
  ) {}

  static async open(options: SpoolTailOptions): Promise<SpoolTail> {
    await mkdir(options.dir, { recursive: true });
    const lock = await SpoolLock.acquire(options.dir, 'shipper', options.lock);
    const cursor = (await readCursor(options.dir)) ?? { segment: 0, offset: 0, shipped: 0 };
    const tail = new SpoolTail(options.dir, options.pollMs ?? 20, cursor, lock);
    await tail.refresh();
    return tail;
  }

  /** Position and running count of acknowledged records. */
  position(): SpoolCursor {
    return { ...this.cursor };
  }

  /** Bytes waiting beyond the cursor, as of the last look at the files. */
  backlogBytes(): number {
    return this.backlog;
  }

  /** Whether the last look at the files showed records beyond the cursor (no I/O). */
  hasData(): boolean {
    return this.backlog > 0 && this.lastState !== this.blockedAt;
  }

  /** Looks at the files: lists segments, then measures them (in that order, see above). */
  async refresh(): Promise<boolean> {
    const listed = await listSegments(this.dir);
    const seqs = listed.filter((s) => s >= this.cursor.segment);
    // Shipped segments an interrupted ack left behind (the writer also removes them when it opens).
    const shipped = listed.filter((s) => s < this.cursor.segment);
    if (shipped.length > 0) await this.removeSegments(shipped);
    if (seqs.length > 0 && seqs[0] !== this.cursor.segment) {
      // The cursor's segment was never written (new spool, or a writer restarted past it): start at the next one.
      this.cursor = { ...this.cursor, segment: seqs[0] ?? this.cursor.segment, offset: 0 };
    }
    this.seqs = seqs;
    let backlog = 0;
    const sizes: number[] = [];
    for (const seq of seqs) {
      const size = await this.sizeOf(seq);
      sizes.push(size);
      backlog += seq === this.cursor.segment ? Math.max(0, size - this.cursor.offset) : size;
    }
    this.backlog = backlog;
    this.lastState = `${seqs.join(',')}|${sizes.join(',')}|${this.cursor.segment}:${this.cursor.offset}`;
    return this.hasData();
  }

  /** Resolves when records may be waiting beyond the cursor, or when `signal` aborts. */
  async waitForData(signal: AbortSignal): Promise<void> {
    while (!signal.aborted && !this.closed && !this.hasData()) {
      await sleep(this.pollMs, signal);
      if (!signal.aborted && !this.closed) await this.refresh();
    }
  }

  /** Reads up to `maxRecords` / about `maxBytes` records from the cursor, in order. Does not move the cursor. */
  async read(maxRecords: number, maxBytes: number): Promise<SpoolBatch> {
    await this.refresh();
    const state = this.lastState; // what this read is based on (a concurrent refresh may replace lastState)
    const records: SpooledRecord[] = [];
    let pos: SpoolPosition = { segment: this.cursor.segment, offset: this.cursor.offset };
    let bytes = 0;
    outer: while (records.length < maxRecords && bytes < maxBytes) {
      const later = this.seqs.find((s) => s > pos.segment);
      if (!this.seqs.includes(pos.segment)) break;
      const size = await this.sizeOf(pos.segment); // measured after the listing: final if `later` exists
      if (pos.offset >= size) {
        if (later === undefined) break;
        pos = { segment: later, offset: 0 };
        continue;
      }
      const handle = await this.readerFor(pos.segment);
      let buf = await readAt(handle, pos.offset, Math.min(READ_CHUNK, size - pos.offset));
      let at = 0;
      while (records.length < maxRecords && bytes < maxBytes && pos.offset + at < size) {
        const frame = readFrame(buf, at);
        if (frame.kind === 'record') {
          records.push(frame.record);
          at += frame.bytes;
          bytes += frame.bytes;
        } else if (frame.kind === 'incomplete' && pos.offset + at + frame.bytes <= size) {
          if (at > 0) break; // re-read from the frame start in the next round
          buf = await readAt(handle, pos.offset, frame.bytes);
        } else if (later !== undefined) {
          at = size - pos.offset; // damaged data in a final segment: skip the rest of it
        } else {
          pos = { segment: pos.segment, offset: pos.offset + at };
          break outer; // the newest segment ends mid-frame: being written, or torn (the next writer truncates it)
        }
      }
      pos = { segment: pos.segment, offset: pos.offset + at };
    }
    const moved = pos.segment !== this.cursor.segment || pos.offset !== this.cursor.offset;
    this.blockedAt = records.length === 0 && !moved ? state : null;
    return { records, next: pos };
  }

  /** Marks everything before `next` (from `read`, holding `events` records) shipped: persists the cursor, deletes finished segments. */
  async ack(next: SpoolPosition, events: number): Promise<void> {
    if (next.segment === this.cursor.segment && next.offset === this.cursor.offset && events === 0) return;
    // Taken before any await: a concurrent refresh lists only segments from the (new) cursor on.
    const finished = this.seqs.filter((s) => s < next.segment);
    this.cursor = { segment: next.segment, offset: next.offset, shipped: this.cursor.shipped + events };
    this.seqs = this.seqs.filter((s) => s >= next.segment);
    await writeCursor(this.dir, this.cursor);
    await this.removeSegments(finished);
  }

  private async removeSegments(seqs: readonly number[]): Promise<void> {
    for (const seq of seqs) {
      if (this.readHandle?.seq === seq) {
        const { handle } = this.readHandle;
        this.readHandle = null;
        await handle.close();
      }
      await rm(join(this.dir, segmentName(seq)), { force: true });
      this.finalSizes.delete(seq);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.readHandle?.handle.close();
    this.readHandle = null;
    await this.lock.release();
  }

  /** Measured after the listing in `seqs`: final, and cached, when that listing holds a later segment. */
  private async sizeOf(seq: number): Promise<number> {
    const known = this.finalSizes.get(seq);
    if (known !== undefined) return known;
    const listed = this.seqs; // taken before the stat: a later segment in it existed before the measurement
    try {
      const { size } = await stat(join(this.dir, segmentName(seq)));
      if (listed.some((s) => s > seq)) this.finalSizes.set(seq, size);
      return size;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw err;
    }
  }

  private async readerFor(seq: number): Promise<FileHandle> {
    if (this.readHandle?.seq === seq) return this.readHandle.handle;
    await this.readHandle?.handle.close();
    this.readHandle = null;
    this.readHandle = { seq, handle: await open(join(this.dir, segmentName(seq)), 'r') };
    return this.readHandle.handle;
  }
}
