import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json';

describe('canonicalJson (RFC 8785)', () => {
  it('sorts keys by UTF-16 code units at every depth and drops whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' }, A: null })).toBe('{"A":null,"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
    // U+20AC (€) sorts after U+00E9 (é); a surrogate pair (😀 = D83D DE00) sorts before U+FB33 in UTF-16 order.
    expect(canonicalJson({ '\u20ac': 1, '\u00e9': 2, '\ufb33': 3, '\ud83d\ude00': 4 })).toBe('{"\u00e9":2,"\u20ac":1,"\ud83d\ude00":4,"\ufb33":3}');
  });

  it('writes numbers in the shortest round-trip form, so equal numbers have equal bytes', () => {
    expect(canonicalJson([1.0, -0, 0.1, 1e21, 1e-7, 123456789012345680000, 2.5])).toBe('[1,0,0.1,1e+21,1e-7,123456789012345680000,2.5]');
    expect(canonicalJson(JSON.parse('{"n":1.50}'))).toBe(canonicalJson({ n: 1.5 }));
  });

  it('escapes strings like JSON.stringify (control characters, quotes, lone surrogates)', () => {
    expect(canonicalJson({ s: 'a"b\\c\n\u0001\u2028\ud800' })).toBe('{"s":"a\\"b\\\\c\\n\\u0001\u2028\\ud800"}');
  });

  it('refuses values JSON cannot represent instead of dropping them', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/\$\.a: NaN/);
    expect(() => canonicalJson({ a: Infinity })).toThrow(/not a JSON number/);
    expect(() => canonicalJson({ a: undefined })).toThrow(/undefined/);
    expect(() => canonicalJson({ a: 1n })).toThrow(/bigint/);
    expect(() => canonicalJson({ a: new Date(0) })).toThrow(/plain objects/);
  });

  it('is stable under a JSON round trip (what a database json column returns)', () => {
    const value = { id: 'x', details: { latencyMs: 12.345678901234567, nested: [true, false, null, 'é'] }, n: 42 };
    const text = canonicalJson(value);
    expect(canonicalJson(JSON.parse(text))).toBe(text);
  });
});
