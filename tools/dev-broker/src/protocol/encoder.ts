/**
 * Kafka protocol primitive encoder.
 * Types: https://kafka.apache.org/protocol#protocol_types (INT8..INT64, STRING, NULLABLE_STRING, BYTES, ARRAY,
 * and the flexible-version COMPACT_* / UNSIGNED_VARINT / TAGGED_FIELDS forms from KIP-482).
 *
 * Writes into one growable buffer; `appendRaw` hands large payloads (stored record batches) through by reference,
 * so a fetch response is a list of chunks written with one corked socket write instead of a copy.
 * Created per response, not shared.
 */
const TWO_POW_32 = 0x1_0000_0000;

export class Encoder {
  private buf: Buffer;
  private pos = 0;
  private start = 0;
  private readonly chunks: Buffer[] = [];
  private rawLength = 0;

  constructor(initialSize = 256) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos - this.start + n + 256));
    this.buf.copy(next, 0, this.start, this.pos);
    this.pos -= this.start;
    this.start = 0;
    this.buf = next;
  }

  int8(v: number): this {
    this.ensure(1);
    this.buf.writeInt8(v, this.pos);
    this.pos += 1;
    return this;
  }

  bool(v: boolean): this {
    return this.int8(v ? 1 : 0);
  }

  int16(v: number): this {
    this.ensure(2);
    this.buf.writeInt16BE(v, this.pos);
    this.pos += 2;
    return this;
  }

  int32(v: number): this {
    this.ensure(4);
    this.buf.writeInt32BE(v, this.pos);
    this.pos += 4;
    return this;
  }

  /** INT64 from a JS number; offsets, timestamps and producer ids stay well inside 2^53. */
  int64(v: number): this {
    this.ensure(8);
    this.buf.writeInt32BE(Math.floor(v / TWO_POW_32), this.pos);
    this.buf.writeUInt32BE(v >>> 0, this.pos + 4);
    this.pos += 8;
    return this;
  }

  uvarint(v: number): this {
    this.ensure(5);
    let value = v >>> 0;
    while (value >= 0x80) {
      this.buf[this.pos++] = (value & 0x7f) | 0x80;
      value >>>= 7;
    }
    this.buf[this.pos++] = value;
    return this;
  }

  varint(v: number): this {
    return this.uvarint((v << 1) ^ (v >> 31));
  }

  private utf8(s: string, len: number): void {
    this.ensure(len);
    this.buf.write(s, this.pos, len, 'utf8');
    this.pos += len;
  }

  string(s: string): this {
    const len = Buffer.byteLength(s);
    this.int16(len);
    this.utf8(s, len);
    return this;
  }

  nullableString(s: string | null): this {
    return s === null ? this.int16(-1) : this.string(s);
  }

  compactString(s: string): this {
    const len = Buffer.byteLength(s);
    this.uvarint(len + 1);
    this.utf8(s, len);
    return this;
  }

  compactNullableString(s: string | null): this {
    if (s === null) return this.uvarint(0);
    return this.compactString(s);
  }

  /** BYTES / NULLABLE_BYTES, copied into the buffer (small payloads: group metadata, assignments). */
  bytes(b: Buffer | null): this {
    if (b === null) return this.int32(-1);
    this.int32(b.length);
    this.ensure(b.length);
    b.copy(this.buf, this.pos);
    this.pos += b.length;
    return this;
  }

  array<T>(items: readonly T[], write: (item: T, enc: this) => void): this {
    this.int32(items.length);
    for (const item of items) write(item, this);
    return this;
  }

  nullableArray<T>(items: readonly T[] | null, write: (item: T, enc: this) => void): this {
    if (items === null) return this.int32(-1);
    return this.array(items, write);
  }

  compactArray<T>(items: readonly T[], write: (item: T, enc: this) => void): this {
    this.uvarint(items.length + 1);
    for (const item of items) write(item, this);
    return this;
  }

  /** An empty TAGGED_FIELDS section: this broker writes no optional tags. */
  emptyTaggedFields(): this {
    return this.uvarint(0);
  }

  /** Appends bytes by reference (not copied); the caller must not change them until the response is written. */
  appendRaw(b: Buffer): this {
    if (this.pos > this.start) this.chunks.push(this.buf.subarray(this.start, this.pos));
    this.start = this.pos;
    this.chunks.push(b);
    this.rawLength += b.length;
    return this;
  }

  get length(): number {
    let total = this.pos - this.start;
    for (const c of this.chunks) total += c.length;
    return total;
  }

  toChunks(): Buffer[] {
    const out = this.chunks.slice();
    if (this.pos > this.start) out.push(this.buf.subarray(this.start, this.pos));
    return out;
  }

  toBuffer(): Buffer {
    const chunks = this.toChunks();
    return chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks);
  }
}
