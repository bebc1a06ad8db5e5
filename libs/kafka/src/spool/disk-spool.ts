import { mkdir, open, rm, truncate, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { frameSize, readFrame, writeFrame, type SpooledRecord, type SpoolRecord } from './record-frame';
import { listSegments, readAt, readCursor, scanSegment, segmentName, writeCursor, type SpoolPosition } from './spool-files';
import { SpoolLock, type SpoolLockOptions } from './spool-lock';

/**
 * A bounded, append-only on-disk queue of records waiting for Kafka.
 *
 * Files in `dir`: see spool-files.ts. Appends are batched: each frame is encoded straight into a shared write
 * buffer, and everything appended in one event-loop turn goes to the active segment in one write(2) and settles one
 * shared promise; once the write returns the bytes are in the OS page cache, which survives a process kill
 * (not a power loss; there is no fsync on the hot path). The cursor is persisted after each acknowledged batch, so a
 * restart replays at most one batch twice. Each open starts a new active segment, so a torn tail is never appended to.
 *
 * Two modes, one writer process per directory either way (lock files, spool-lock.ts):
 * - `reader: 'in-process'` (default): this object also reads and acknowledges (`read`/`ack`), for a sender in the
 *   same process. It holds both the writer and the shipper lock.
 * - `reader: 'external'`: a shipper process reads (SpoolTail) and persists the cursor; this object only appends. It
 *   learns the shipper's progress by re-reading cursor.json every `cursorPollMs` (never per append), which is
 *   what its depth, and so `hasRoom`, is based on. The shipper deletes the segments it has shipped.
 * Not thread-safe; one instance per directory.
 */
export type { SpoolPosition } from './spool-files';

export interface DiskSpoolOptions {
  dir: string;
  /** Bound on unacknowledged bytes (disk + waiting to be written). */
  maxBytes: number;
  /** Roll to a new segment past this size; acknowledged segments are deleted whole. Default 8 MiB. */
  segmentBytes?: number;
  /** Extra room only `append(..., { reserve: true })` may use (the shed audit event). Default 64 KiB. */
  reserveBytes?: number;
  /** Who reads the spool: this object (`in-process`, default) or a shipper process (`external`). */
  reader?: 'in-process' | 'external';
  /** `external`: how often to re-read the shipper's cursor. Default 100 ms. */
  cursorPollMs?: number;
  lock?: SpoolLockOptions;
}

export interface SpoolBatch {
  records: SpooledRecord[];
  /** Position after the last record read; pass to `ack`. */
  next: SpoolPosition;
}

/** The appends of one event-loop turn: regions of the write buffer, written together, settled together. */
interface PendingBatch {
  regions: Buffer[];
  events: number;
  bytes: number;
  done: Promise<void>;
  resolve: () => void;
  reject: (err: unknown) => void;
}

const READ_CHUNK = 1 << 20;
const WRITE_CHUNK = 256 << 10;
type ResolvedOptions = Required<Omit<DiskSpoolOptions, 'lock'>>;

export class DiskSpool {
  private readonly sizes = new Map<number, number>();
  private pending: PendingBatch | null = null;
  /** Write buffer: frames are encoded at `chunkUsed`; regions before it belong to pending or in-flight writes. */
  private chunk: Buffer = Buffer.allocUnsafe(0);
  private chunkUsed = 0;
  private pendingBytes = 0;
  private pendingEvents = 0;
  private diskEvents = 0;
  private flushScheduled = false;
  private writing: Promise<void> = Promise.resolve();
  private dataWaiters: Array<() => void> = [];
  private regionStart = 0;
  private readHandle: { seq: number; handle: FileHandle } | null = null;
  private closed = false;
  /** Records acknowledged in total (cursor.json `shipped`): in-process it counts up; external it is what we last read. */
  private shipped = 0;
  private cursorTimer: NodeJS.Timeout | null = null;
  private syncing: Promise<void> | null = null;
  private locks: SpoolLock[] = [];
  /** Largest frame offered so far: `hasRoom(largestFrame)` tells whether a typical record still fits. */
  largestFrame = 1;

  private constructor(
    private readonly options: ResolvedOptions,
    private cursor: SpoolPosition,
    private active: { seq: number; handle: FileHandle },
  ) {}

  static async open(options: DiskSpoolOptions): Promise<DiskSpool> {
    const { lock, ...rest } = options;
    const opts: ResolvedOptions = { segmentBytes: 8 << 20, reserveBytes: 64 << 10, reader: 'in-process', cursorPollMs: 100, ...rest };
    await mkdir(opts.dir, { recursive: true });
    const locks = [await SpoolLock.acquire(opts.dir, 'writer', lock)];
    try {
      if (opts.reader === 'in-process') locks.push(await SpoolLock.acquire(opts.dir, 'shipper', lock));
      const spool = await DiskSpool.recover(opts);
      spool.locks = locks;
      if (opts.reader === 'external') {
        spool.cursorTimer = setInterval(() => void spool.syncCursor(), opts.cursorPollMs);
        spool.cursorTimer.unref();
      }
      return spool;
    } catch (err) {
      for (const held of locks) await held.release();
      throw err;
    }
  }

  /** Scans what the last writer left: truncates a torn tail, counts unacknowledged records, opens a new segment. */
  private static async recover(opts: ResolvedOptions): Promise<DiskSpool> {
    const seqs = await listSegments(opts.dir);
    const saved = await readCursor(opts.dir);
    const activeSeq = Math.max(seqs[seqs.length - 1] ?? 0, saved?.segment ?? 0) + 1;
    let cursor: SpoolPosition = saved ? { segment: saved.segment, offset: saved.offset } : { segment: seqs[0] ?? activeSeq, offset: 0 };
    if (!seqs.includes(cursor.segment)) {
      // The cursor's segment was fully acknowledged and deleted: continue at the next one that exists.
      cursor = { segment: seqs.find((s) => s > cursor.segment) ?? activeSeq, offset: 0 };
    }
    const sizes = new Map<number, number>();
    let events = 0;
    for (const seq of seqs) {
      const path = join(opts.dir, segmentName(seq));
      if (seq < cursor.segment) {
        await rm(path, { force: true });
        continue;
      }
      const scan = await scanSegment(path, seq === cursor.segment ? cursor.offset : 0);
      if (scan.validEnd < scan.fileSize) await truncate(path, scan.validEnd); // torn tail from a crash
      sizes.set(seq, scan.validEnd);
      events += scan.events;
    }
    const handle = await open(join(opts.dir, segmentName(activeSeq)), 'a');
    sizes.set(activeSeq, 0);
    const spool = new DiskSpool(opts, cursor, { seq: activeSeq, handle });
    for (const [seq, size] of sizes) spool.sizes.set(seq, size);
    spool.diskEvents = events;
    spool.shipped = saved?.shipped ?? 0;
    return spool;
  }

  /**
   * `external` mode: re-reads the shipper's cursor and forgets what it shipped (runs every `cursorPollMs`; call it
   * to see the latest progress at once). The shipper deletes shipped segments; this only updates the bookkeeping.
   */
  syncCursor(): Promise<void> {
    this.syncing ??= (async () => {
      const saved = await readCursor(this.options.dir);
      if (saved === null || this.closed) return;
      const { segment, offset } = this.cursor;
      if (saved.segment < segment || (saved.segment === segment && saved.offset <= offset)) return;
      this.cursor = { segment: saved.segment, offset: saved.offset };
      // Records count: what we wrote (or found at open) minus what the shipper acknowledged since.
      this.diskEvents = Math.max(0, this.diskEvents - (saved.shipped - this.shipped));
      this.shipped = saved.shipped;
      for (const seq of [...this.sizes.keys()]) if (seq < saved.segment && seq !== this.active.seq) this.sizes.delete(seq);
    })().finally(() => (this.syncing = null));
    return this.syncing;
  }

  /** Unacknowledged events and bytes, including those still waiting to be written. */
  depth(): { events: number; bytes: number } {
    return { events: this.diskEvents + this.pendingEvents, bytes: this.depthBytes() };
  }

  private depthBytes(): number {
    let bytes = this.pendingBytes - this.cursor.offset;
    for (const [seq, size] of this.sizes) if (seq >= this.cursor.segment) bytes += size;
    return bytes;
  }

  /** Records acknowledged in total (since the spool directory was created), as far as this process knows. */
  shippedEvents(): number {
    return this.shipped;
  }

  /** Written, unacknowledged events (what `read` can return). */
  writtenEvents(): number {
    return this.diskEvents;
  }

  /** Whether a record of `bytes` would fit now. */
  hasRoom(bytes: number, reserve = false): boolean {
    return this.depthBytes() + bytes <= this.options.maxBytes + (reserve ? this.options.reserveBytes : 0);
  }

  /**
   * Appends a record; the promise resolves once it is written (durable across a process kill). Returns `null`,
   * writing nothing, when the spool is full. Appends of one event-loop turn share one promise.
   */
  append(record: SpoolRecord, opts: { reserve?: boolean } = {}): Promise<void> | null {
    if (this.closed) throw new Error('spool is closed');
    const size = frameSize(record);
    if (size > this.largestFrame) this.largestFrame = size;
    if (!this.hasRoom(size, opts.reserve)) return null;
    const batch = this.pending ?? this.startBatch();
    if (this.chunk.length - this.chunkUsed < size) {
      this.cutRegion(batch);
      this.chunk = Buffer.allocUnsafe(Math.max(WRITE_CHUNK, size));
      this.chunkUsed = 0;
      this.regionStart = 0;
    }
    writeFrame(this.chunk, this.chunkUsed, record, size);
    this.chunkUsed += size;
    batch.events += 1;
    batch.bytes += size;
    this.pendingEvents += 1;
    this.pendingBytes += size;
    return batch.done;
  }

  private startBatch(): PendingBatch {
    let resolve!: () => void;
    let reject!: (err: unknown) => void;
    const done = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
    const batch: PendingBatch = { regions: [], events: 0, bytes: 0, done, resolve, reject };
    this.pending = batch;
    this.regionStart = this.chunkUsed;
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        this.writing = this.writing.then(() => this.writePending());
      });
    }
    return batch;
  }

  /** Closes the batch's region of the current write buffer (written frames are never touched again). */
  private cutRegion(batch: PendingBatch): void {
    if (this.chunkUsed > this.regionStart) batch.regions.push(this.chunk.subarray(this.regionStart, this.chunkUsed));
    this.regionStart = this.chunkUsed;
  }

  /** Resolves when every append made so far is written. */
  async flushWrites(): Promise<void> {
    while (this.pending !== null || this.flushScheduled) {
      await new Promise((r) => setImmediate(r));
      await this.writing;
    }
    await this.writing;
  }

  /** Resolves when there is written, unacknowledged data (at once if there is). */
  waitForData(): Promise<void> {
    if (this.diskEvents > 0) return Promise.resolve();
    return new Promise((resolve) => this.dataWaiters.push(resolve));
  }

  /** Wakes `waitForData` callers without data (used on close). */
  wake(): void {
    for (const waiter of this.dataWaiters.splice(0)) waiter();
  }

  /** Reads up to `maxRecords` / about `maxBytes` written records from the cursor, in order. Does not move the cursor. */
  async read(maxRecords: number, maxBytes: number): Promise<SpoolBatch> {
    const records: SpooledRecord[] = [];
    let pos = { ...this.cursor };
    let bytes = 0;
    while (records.length < maxRecords && bytes < maxBytes) {
      const size = this.sizes.get(pos.segment) ?? 0;
      if (pos.offset >= size) {
        const later = [...this.sizes.keys()].filter((s) => s > pos.segment).sort((a, b) => a - b)[0];
        if (later === undefined) break;
        pos = { segment: later, offset: 0 };
        continue;
      }
      const handle = await this.readerFor(pos.segment);
      let want = Math.min(READ_CHUNK, size - pos.offset);
      let buf = await readAt(handle, pos.offset, want);
      let at = 0;
      while (records.length < maxRecords && bytes < maxBytes && pos.offset + at < size) {
        const frame = readFrame(buf, at);
        if (frame.kind === 'record') {
          records.push(frame.record);
          at += frame.bytes;
          bytes += frame.bytes;
        } else if (frame.kind === 'incomplete' && frame.bytes > buf.length - at && pos.offset + at + frame.bytes <= size) {
          if (at > 0) break; // re-read from the frame start in the next round
          want = frame.bytes;
          buf = await readAt(handle, pos.offset, want);
        } else {
          // Unreadable data inside the written region (disk corruption): skip the rest of this segment.
          at = size - pos.offset;
        }
      }
      pos = { segment: pos.segment, offset: pos.offset + at };
    }
    return { records, next: pos };
  }

  /** Marks everything before `next` (from `read`, holding `events` records) acknowledged and persists the cursor. */
  async ack(next: SpoolPosition, events: number): Promise<void> {
    if (this.options.reader === 'external') throw new Error('this spool is read by an external shipper');
    this.cursor = { ...next };
    this.diskEvents -= events;
    this.shipped += events;
    await writeCursor(this.options.dir, { ...this.cursor, shipped: this.shipped });
    for (const seq of [...this.sizes.keys()]) {
      if (seq < next.segment && seq !== this.active.seq) {
        this.sizes.delete(seq);
        if (this.readHandle?.seq === seq) {
          await this.readHandle.handle.close();
          this.readHandle = null;
        }
        await rm(join(this.options.dir, segmentName(seq)), { force: true });
      }
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.flushWrites();
    this.closed = true;
    if (this.cursorTimer) clearInterval(this.cursorTimer);
    await this.syncing;
    this.wake();
    await this.readHandle?.handle.close();
    this.readHandle = null;
    await this.active.handle.close();
    for (const held of this.locks.splice(0)) await held.release();
  }

  private async writePending(): Promise<void> {
    const batch = this.pending;
    if (batch === null) return;
    this.cutRegion(batch);
    this.pending = null;
    try {
      const activeSize = this.sizes.get(this.active.seq) ?? 0;
      if (activeSize > 0 && activeSize + batch.bytes > this.options.segmentBytes) await this.roll();
      const { bytesWritten } = await this.active.handle.writev(batch.regions);
      if (bytesWritten < batch.bytes) {
        // A short write (rare on regular files): write the rest from one contiguous copy.
        const rest = Buffer.concat(batch.regions).subarray(bytesWritten);
        for (let done = 0; done < rest.length; ) done += (await this.active.handle.write(rest, done, rest.length - done)).bytesWritten;
      }
      this.sizes.set(this.active.seq, (this.sizes.get(this.active.seq) ?? 0) + batch.bytes);
      this.diskEvents += batch.events;
      batch.resolve();
      this.wake();
    } catch (err) {
      batch.reject(err);
    } finally {
      this.pendingBytes -= batch.bytes;
      this.pendingEvents -= batch.events;
    }
  }

  private async roll(): Promise<void> {
    await this.active.handle.close();
    const seq = this.active.seq + 1;
    this.active = { seq, handle: await open(join(this.options.dir, segmentName(seq)), 'a') };
    this.sizes.set(seq, 0);
  }

  private async readerFor(seq: number): Promise<FileHandle> {
    if (this.readHandle?.seq === seq) return this.readHandle.handle;
    await this.readHandle?.handle.close();
    this.readHandle = { seq, handle: await open(join(this.options.dir, segmentName(seq)), 'r') };
    return this.readHandle.handle;
  }
}
