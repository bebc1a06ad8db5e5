import { crc32 } from './crc32';

/**
 * Spool segment file format, append-only: a sequence of frames
 *   u32 BE payload length | u32 BE CRC-32 of payload | payload
 * payload, binary (first byte 0x01):
 *   0x01 | u8 topic length | topic | u16 BE key length | key | u8 header count |
 *   { u8 name length | name | u16 BE value length | value } per header | message value (the rest)
 * payload, legacy (first byte `{`, spools written before the binary format): UTF-8 JSON {t: topic, k: key, h: headers, v: value}
 * Strings are UTF-8. The message value is stored as the bytes Kafka gets, so neither the writer nor the reader
 * copies or escapes it. A torn tail (a frame cut short by a crash, or failing its CRC) ends the readable part.
 */
export interface SpoolRecord {
  topic: string;
  key: string;
  headers: Record<string, string>;
  /** Message value (the event JSON), as text or as its UTF-8 bytes. */
  value: string | Uint8Array;
}

/** A record read back from the spool: key, header values and value are views into the read buffer. */
export interface SpooledRecord {
  topic: string;
  key: Buffer;
  headers: Record<string, Buffer>;
  value: Buffer;
}

export const FRAME_HEADER_BYTES = 8;
const BINARY = 0x01;
const LEGACY_JSON = 0x7b; // '{'

/** Bytes `record` takes as a frame; throws for names or values too long for their length field. */
export function frameSize(record: SpoolRecord): number {
  const topic = Buffer.byteLength(record.topic);
  const key = Buffer.byteLength(record.key);
  if (topic > 0xff || key > 0xffff) throw new RangeError('spool record topic or key too long');
  let size = FRAME_HEADER_BYTES + 1 + 1 + topic + 2 + key + 1;
  let count = 0;
  for (const name in record.headers) {
    const nameBytes = Buffer.byteLength(name);
    const valueBytes = Buffer.byteLength(record.headers[name] ?? '');
    if (nameBytes > 0xff || valueBytes > 0xffff || ++count > 0xff) throw new RangeError(`spool record header '${name}' too long`);
    size += 1 + nameBytes + 2 + valueBytes;
  }
  const value = record.value;
  return size + (typeof value === 'string' ? Buffer.byteLength(value) : value.length);
}

/** Writes `record` as one frame of exactly `size` bytes (from `frameSize`) at `offset` of `buf`. */
export function writeFrame(buf: Buffer, offset: number, record: SpoolRecord, size: number): void {
  let at = offset + FRAME_HEADER_BYTES;
  buf[at++] = BINARY;
  const topic = buf.write(record.topic, at + 1);
  buf[at] = topic;
  at += 1 + topic;
  const key = buf.write(record.key, at + 2);
  buf.writeUInt16BE(key, at);
  at += 2 + key;
  const countAt = at++;
  let count = 0;
  for (const name in record.headers) {
    const nameBytes = buf.write(name, at + 1);
    buf[at] = nameBytes;
    at += 1 + nameBytes;
    const valueBytes = buf.write(record.headers[name] ?? '', at + 2);
    buf.writeUInt16BE(valueBytes, at);
    at += 2 + valueBytes;
    count += 1;
  }
  buf[countAt] = count;
  const value = record.value;
  if (typeof value === 'string') buf.write(value, at);
  else buf.set(value, at);
  const end = offset + size;
  buf.writeUInt32BE(size - FRAME_HEADER_BYTES, offset);
  buf.writeUInt32BE(crc32(buf.subarray(offset + FRAME_HEADER_BYTES, end)), offset + 4);
}

/** One frame in a buffer of its own (tests, tools; the spool writes frames straight into its write buffer). */
export function encodeFrame(record: SpoolRecord): Buffer {
  const size = frameSize(record);
  const frame = Buffer.allocUnsafe(size);
  writeFrame(frame, 0, record, size);
  return frame;
}

export type FrameRead =
  | { kind: 'record'; record: SpooledRecord; bytes: number }
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
  if (length === 0 || crc32(payload) !== buf.readUInt32BE(offset + 4)) return { kind: 'corrupt' };
  const record = payload[0] === BINARY ? parseBinary(payload) : payload[0] === LEGACY_JSON ? parseLegacy(payload) : null;
  return record ? { kind: 'record', record, bytes: total } : { kind: 'corrupt' };
}

function parseBinary(payload: Buffer): SpooledRecord | null {
  try {
    let at = 1;
    const topicBytes = payload[at++] ?? 0;
    const topic = payload.toString('utf8', at, at + topicBytes);
    at += topicBytes;
    const keyBytes = payload.readUInt16BE(at);
    const key = payload.subarray(at + 2, at + 2 + keyBytes);
    at += 2 + keyBytes;
    const count = payload[at++] ?? 0;
    const headers: Record<string, Buffer> = {};
    for (let i = 0; i < count; i++) {
      const nameBytes = payload[at++] ?? 0;
      const name = payload.toString('utf8', at, at + nameBytes);
      at += nameBytes;
      const valueBytes = payload.readUInt16BE(at);
      headers[name] = payload.subarray(at + 2, at + 2 + valueBytes);
      at += 2 + valueBytes;
    }
    if (at > payload.length) return null;
    return { topic, key, headers, value: payload.subarray(at) };
  } catch {
    return null; // a length field pointing past the payload
  }
}

function parseLegacy(payload: Buffer): SpooledRecord | null {
  try {
    const raw = JSON.parse(payload.toString('utf8')) as { t: string; k: string; h: Record<string, string>; v: string };
    const headers: Record<string, Buffer> = {};
    for (const [name, value] of Object.entries(raw.h)) headers[name] = Buffer.from(value);
    return { topic: raw.t, key: Buffer.from(raw.k), headers, value: Buffer.from(raw.v) };
  } catch {
    return null;
  }
}
