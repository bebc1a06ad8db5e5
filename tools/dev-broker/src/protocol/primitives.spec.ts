import { describe, expect, it } from 'vitest';
import { Decoder, ProtocolDecodeError } from './decoder';
import { Encoder } from './encoder';

describe('protocol primitives', () => {
  it('encodes zig-zag varints as the Kafka record format specifies', () => {
    // https://kafka.apache.org/documentation/#record (protobuf zig-zag encoding)
    const cases: Array<[number, string]> = [[0, '00'], [-1, '01'], [1, '02'], [-2, '03'], [63, '7e'], [-64, '7f'], [64, '8001'], [300, 'd804'], [-2147483648, 'ffffffff0f']];
    for (const [value, hex] of cases) {
      expect(new Encoder().varint(value).toBuffer().toString('hex')).toBe(hex);
      expect(new Decoder(Buffer.from(hex, 'hex')).varint()).toBe(value);
    }
  });

  it('round-trips classic and compact (flexible) types', () => {
    const buf = new Encoder()
      .int8(-3).int16(-300).int32(-70000).int64(-1).int64(2 ** 40 + 5).bool(true)
      .string('héllo').nullableString(null).compactString('topic').compactNullableString(null)
      .bytes(Buffer.from([1, 2, 3])).bytes(null)
      .array([1, 2], (v, e) => e.int32(v)).compactArray(['a', 'b'], (v, e) => e.compactString(v)).emptyTaggedFields()
      .toBuffer();
    const d = new Decoder(buf);
    expect([d.int8(), d.int16(), d.int32(), d.int64(), d.int64(), d.bool()]).toEqual([-3, -300, -70000, -1, 2 ** 40 + 5, true]);
    expect([d.string(), d.nullableString(), d.compactString(), d.compactNullableString()]).toEqual(['héllo', null, 'topic', null]);
    expect(d.bytes()).toEqual(Buffer.from([1, 2, 3]));
    expect(d.bytes()).toBeNull();
    expect(d.array((x) => x.int32())).toEqual([1, 2]);
    expect(d.compactArray((x) => x.compactString())).toEqual(['a', 'b']);
    d.skipTaggedFields();
    expect(d.remaining).toBe(0);
  });

  it('skips unknown tagged fields and rejects truncated input and absurd array lengths', () => {
    const tagged = new Decoder(Buffer.from('02' + '00' + '02' + 'abcd' + '05' + '01' + 'ff' + '07', 'hex'));
    tagged.skipTaggedFields();
    expect(tagged.int8()).toBe(7);
    expect(() => new Decoder(Buffer.from('0005616263', 'hex')).string()).toThrow(ProtocolDecodeError);
    expect(() => new Decoder(Buffer.from('7fffffff', 'hex')).array((x) => x.int8())).toThrow(ProtocolDecodeError);
  });

  it('appends raw chunks by reference and reports the total length', () => {
    const raw = Buffer.from('payload');
    const enc = new Encoder().int32(raw.length).appendRaw(raw).int16(1);
    const chunks = enc.toChunks();
    expect(chunks[1]).toBe(raw);
    expect(enc.length).toBe(4 + raw.length + 2);
    expect(enc.toBuffer().toString('hex')).toBe(`00000007${raw.toString('hex')}0001`);
  });
});
