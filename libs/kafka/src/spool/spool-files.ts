import { readdir, readFile, rename, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { readFrame } from './record-frame';

/**
 * The files of a spool directory, shared by the writer (DiskSpool) and the reader (DiskSpool in-process, or
 * SpoolTail in a shipper process):
 *   <20-digit seq>.seg   segments, append-only, written by the writer only (record-frame.ts)
 *   cursor.json          {"segment","offset","shipped"}: the first record Kafka has not acknowledged, and how many
 *                        records were acknowledged in total; written by the reader only (write-then-rename)
 *   writer.lock, shipper.lock   one live process per role (spool-lock.ts)
 */
export interface SpoolPosition {
  segment: number;
  offset: number;
}

export interface SpoolCursor extends SpoolPosition {
  /** Records acknowledged since the spool was created: the writer derives its depth in events from it. */
  shipped: number;
}

export const SEGMENT_FILE = /^(\d{20})\.seg$/;
export const CURSOR_FILE = 'cursor.json';

export const segmentName = (seq: number): string => `${String(seq).padStart(20, '0')}.seg`;

/** Segment sequence numbers in `dir`, ascending. */
export async function listSegments(dir: string): Promise<number[]> {
  return (await readdir(dir))
    .map((name) => SEGMENT_FILE.exec(name)?.[1])
    .filter((s): s is string => s !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

export async function readCursor(dir: string): Promise<SpoolCursor | null> {
  try {
    const raw = JSON.parse(await readFile(join(dir, CURSOR_FILE), 'utf8')) as Partial<SpoolCursor>;
    if (!Number.isInteger(raw.segment) || !Number.isInteger(raw.offset)) return null;
    // Cursors written before the shipper split have no count.
    return { segment: raw.segment as number, offset: raw.offset as number, shipped: Number.isInteger(raw.shipped) ? (raw.shipped as number) : 0 };
  } catch {
    return null;
  }
}

/** Atomic replace: a reader of the file sees the old or the new cursor, never a torn one. */
export async function writeCursor(dir: string, cursor: SpoolCursor): Promise<void> {
  const tmp = join(dir, `${CURSOR_FILE}.tmp`);
  await writeFile(tmp, JSON.stringify(cursor));
  await rename(tmp, join(dir, CURSOR_FILE));
}

export async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await handle.read(buf, got, length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return buf.subarray(0, got);
}

/** Counts whole frames from `from`; `validEnd` is where the readable part ends. A missing file counts as empty. */
export async function scanSegment(path: string, from: number): Promise<{ events: number; validEnd: number; fileSize: number }> {
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (err) {
    // A shipper in another process may delete a fully shipped segment while the writer opens.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { events: 0, validEnd: 0, fileSize: 0 };
    throw err;
  }
  let at = Math.min(from, buf.length);
  let events = 0;
  for (;;) {
    const frame = readFrame(buf, at);
    if (frame.kind !== 'record') break;
    at += frame.bytes;
    events += 1;
  }
  return { events, validEnd: at, fileSize: buf.length };
}
