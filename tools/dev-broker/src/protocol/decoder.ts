/**
 * Kafka protocol primitive decoder (https://kafka.apache.org/protocol#protocol_types), including the
 * flexible-version compact forms and tagged fields (KIP-482). BYTES are returned as views into the request buffer,
 * not copies: produce hands record batches to the log without copying them.
 * Created per request, not shared.
 */
const TWO_POW_32 = 0x1_0000_0000;

export class ProtocolDecodeError extends Error {
  override readonly name = 'ProtocolDecodeError';
}

export class Decoder {
  constructor(
    private readonly buf: Buffer,
    public offset = 0,
  ) {}

  get remaining(): number {
    return this.buf.length - this.offset;
  }

  private need(n: number): void {
    if (this.offset + n > this.buf.length) {
      throw new ProtocolDecodeError(`truncated request: need ${n} bytes at ${this.offset} of ${this.buf.length}`);
    }
  }

  int8(): number {
    this.need(1);
    return this.buf.readInt8(this.offset++);
  }

  bool(): boolean {
    return this.int8() !== 0;
  }

  int16(): number {
    this.need(2);
    const v = this.buf.readInt16BE(this.offset);
    this.offset += 2;
    return v;
  }

  int32(): number {
    this.need(4);
    const v = this.buf.readInt32BE(this.offset);
    this.offset += 4;
    return v;
  }

  int64(): number {
    this.need(8);
    const v = this.buf.readInt32BE(this.offset) * TWO_POW_32 + this.buf.readUInt32BE(this.offset + 4);
    this.offset += 8;
    return v;
  }

  uvarint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      this.need(1);
      const byte = this.buf[this.offset++] as number;
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7;
      if (shift > 28) throw new ProtocolDecodeError('unsigned varint too long');
    }
  }

  varint(): number {
    const v = this.uvarint();
    return v % 2 === 0 ? v / 2 : -(v + 1) / 2;
  }

  private utf8(len: number): string {
    this.need(len);
    const s = this.buf.toString('utf8', this.offset, this.offset + len);
    this.offset += len;
    return s;
  }

  string(): string {
    const len = this.int16();
    if (len < 0) throw new ProtocolDecodeError('null where a STRING is required');
    return this.utf8(len);
  }

  nullableString(): string | null {
    const len = this.int16();
    return len < 0 ? null : this.utf8(len);
  }

  compactString(): string {
    const len = this.uvarint() - 1;
    if (len < 0) throw new ProtocolDecodeError('null where a COMPACT_STRING is required');
    return this.utf8(len);
  }

  compactNullableString(): string | null {
    const len = this.uvarint() - 1;
    return len < 0 ? null : this.utf8(len);
  }

  /** NULLABLE_BYTES as a view into the request buffer. */
  bytes(): Buffer | null {
    const len = this.int32();
    if (len < 0) return null;
    this.need(len);
    const b = this.buf.subarray(this.offset, this.offset + len);
    this.offset += len;
    return b;
  }

  array<T>(read: (dec: this) => T): T[] {
    const n = this.int32();
    if (n < 0) throw new ProtocolDecodeError('null where an ARRAY is required');
    return this.items(n, read);
  }

  nullableArray<T>(read: (dec: this) => T): T[] | null {
    const n = this.int32();
    return n < 0 ? null : this.items(n, read);
  }

  compactArray<T>(read: (dec: this) => T): T[] {
    const n = this.uvarint() - 1;
    if (n < 0) throw new ProtocolDecodeError('null where a COMPACT_ARRAY is required');
    return this.items(n, read);
  }

  private items<T>(n: number, read: (dec: this) => T): T[] {
    // Each element takes at least one byte: a bogus count cannot make us allocate gigabytes.
    if (n > this.remaining) throw new ProtocolDecodeError(`array length ${n} exceeds remaining bytes`);
    const out = new Array<T>(n);
    for (let i = 0; i < n; i++) out[i] = read(this);
    return out;
  }

  /** Skips a TAGGED_FIELDS section; no request field this broker reads is carried in a tag. */
  skipTaggedFields(): void {
    const count = this.uvarint();
    for (let i = 0; i < count; i++) {
      this.uvarint();
      const size = this.uvarint();
      this.need(size);
      this.offset += size;
    }
  }
}
