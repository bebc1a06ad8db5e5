import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EnvelopeCipher, parseMasterKey, parseMasterKeyring, type EncryptedSecret } from './index';

const keyB64 = (): string => randomBytes(32).toString('base64');

describe('EnvelopeCipher', () => {
  const current = parseMasterKey('k2', keyB64());
  const old = parseMasterKey('k1', keyB64());

  it('round-trips a secret and keeps the plaintext out of every field', () => {
    const cipher = new EnvelopeCipher([current]);
    const plaintext = 'sk-proj-provider-secret-0123456789';
    const record = cipher.encrypt(plaintext);
    expect(Object.keys(record).sort()).toEqual(['ciphertext', 'encryptedDataKey', 'iv', 'keyId', 'tag']);
    expect(record.keyId).toBe('k2');
    expect(Buffer.from(record.iv, 'base64')).toHaveLength(12);
    expect(Buffer.from(record.tag, 'base64')).toHaveLength(16);
    expect(Buffer.from(record.encryptedDataKey, 'base64')).toHaveLength(12 + 16 + 32);
    expect(JSON.stringify(record)).not.toContain(plaintext);
    expect(cipher.decrypt(record)).toBe(plaintext);
  });

  it('uses a fresh data key and iv for every secret', () => {
    const cipher = new EnvelopeCipher([current]);
    const a = cipher.encrypt('same');
    const b = cipher.encrypt('same');
    expect(a.encryptedDataKey).not.toBe(b.encryptedDataKey);
    expect(a.iv).not.toBe(b.iv);
    expect(a.ciphertext).not.toBe(b.ciphertext);
  });

  it('survives JSON serialisation and handles unicode and empty strings', () => {
    const cipher = new EnvelopeCipher([current]);
    for (const plaintext of ['', 'ключ-🔑', 'x'.repeat(10_000)]) {
      const record = JSON.parse(JSON.stringify(cipher.encrypt(plaintext))) as EncryptedSecret;
      expect(cipher.decrypt(record)).toBe(plaintext);
    }
  });

  it('detects tampering in either layer', () => {
    const cipher = new EnvelopeCipher([current]);
    const record = cipher.encrypt('secret');
    const flip = (b64: string): string => {
      const bytes = Buffer.from(b64, 'base64');
      bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 1;
      return bytes.toString('base64');
    };
    expect(() => cipher.decrypt({ ...record, ciphertext: flip(record.ciphertext) })).toThrow();
    expect(() => cipher.decrypt({ ...record, tag: flip(record.tag) })).toThrow();
    expect(() => cipher.decrypt({ ...record, encryptedDataKey: flip(record.encryptedDataKey) })).toThrow();
  });

  it('decrypts records sealed under an older master key listed in the keyring, and rewraps them', () => {
    const before = new EnvelopeCipher([old]);
    const record = before.encrypt('rotated secret');

    const after = new EnvelopeCipher([current, old]);
    expect(after.activeKeyId).toBe('k2');
    expect(after.needsRewrap(record)).toBe(true);
    expect(after.decrypt(record)).toBe('rotated secret');

    const rewrapped = after.rewrap(record);
    expect(rewrapped.keyId).toBe('k2');
    expect(rewrapped.ciphertext).toBe(record.ciphertext);
    expect(after.needsRewrap(rewrapped)).toBe(false);
    // Once the old key is retired, only the rewrapped record still opens.
    const retired = new EnvelopeCipher([current]);
    expect(retired.decrypt(rewrapped)).toBe('rotated secret');
    expect(() => retired.decrypt(record)).toThrow(/No master key 'k1'/);
  });

  it('fails with a wrong master key of the same id', () => {
    const record = new EnvelopeCipher([current]).encrypt('secret');
    const impostor = new EnvelopeCipher([parseMasterKey('k2', keyB64())]);
    expect(() => impostor.decrypt(record)).toThrow();
  });
});

describe('parseMasterKeyring', () => {
  it('reads id:base64 entries, the first active', () => {
    const a = keyB64();
    const b = keyB64();
    const keys = parseMasterKeyring(` new:${a} , old:${b}`);
    expect(keys.map((key) => key.id)).toEqual(['new', 'old']);
    expect(keys[0]?.key.equals(Buffer.from(a, 'base64'))).toBe(true);
  });

  it.each([
    ['', /empty/],
    ['nocolon', /<id>:<base64/],
    [`a:${Buffer.alloc(16).toString('base64')}`, /32 bytes/],
    [`bad id:${Buffer.alloc(32).toString('base64')}`, /must match/],
    [`a:${Buffer.alloc(32).toString('base64')},a:${Buffer.alloc(32).toString('base64')}`, /unique/],
  ])('rejects %j', (text, message) => {
    expect(() => parseMasterKeyring(text)).toThrow(message);
  });
});
