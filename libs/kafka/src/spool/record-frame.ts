import { crc32 } from './crc32';

/**
 * Spool segment file format, append-only: a sequence of frames
 *   u32 BE payload length | u32 BE CRC-32 of payload | payload (UTF-8 JSON {t: topic, k: key, h: headers, v: value})
 * A torn tail (a frame cut short by a crash, or failing its CRC) ends the readable part of a segment.
 */
export interface SpoolRecord {
  topic: string;
  key: string;
  headers: Record<string, string>;
  /** Message value (the event JSON). */
  value: string;
}

export const FRAME_HEADER_BYTES = 8;

export function encodeFrame(record: SpoolRecord): Buffer {
  const payload = Buffer.from(JSON.stringify({ t: record.topic, k: record.key, h: record.headers, v: record.value }));
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + payload.length);
  frame.writeUInt32BE(payload.length, 0);
  frame.writeUInt32BE(crc32(payload), 4);
  payload.copy(frame, FRAME_HEADER_BYTES);
  return frame;
}

export type FrameRead =
  | { kind: 'record'; record: SpoolRecord; bytes: number }
  /** Need more bytes than the buffer holds: at least `bytes` in total. */
  | { kind: 'incomplete'; bytes: number }
  | { kind: 'corrupt' };

/** Reads one frame at `offset` of `buf`. */
export function readFrame(buf: Buffer, offset: number): FrameRead {
  if (buf.length - offset < FRAME_HEADER_BYTES) return { kind: 'incomplete', bytes: FRAME_HEADER_BYTES };
  const length = buf.readUInt32BE(offset);
  const total = FRAME_HEADER_BYTES + length;
  if (buf.length - offset < total) return { kind: 'incomplete', bytes: total };
  const payload = buf.subarray(offset + FRAME_HEADER_BYTES, offset + total);
  if (crc32(payload) !== buf.readUInt32BE(offset + 4)) return { kind: 'corrupt' };
  try {
    const raw = JSON.parse(payload.toString('utf8')) as { t: string; k: string; h: Record<string, string>; v: string };
    return { kind: 'record', record: { topic: raw.t, key: raw.k, headers: raw.h, value: raw.v }, bytes: total };
  } catch {
    return { kind: 'corrupt' };
  }
}
