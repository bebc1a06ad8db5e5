import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  constantTimeEqual,
  generateVirtualKey,
  hashVirtualKey,
  looksLikeVirtualKey,
  verifyVirtualKey,
  virtualKeyPrefix,
} from './index';

describe('generateVirtualKey', () => {
  it('returns an sk-asc- secret carrying 256 random bits in base64url, and its 12-character prefix', () => {
    const { secret, prefix } = generateVirtualKey();
    expect(secret).toMatch(/^sk-asc-[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret.slice('sk-asc-'.length), 'base64url')).toHaveLength(32);
    expect(prefix).toBe(secret.slice(0, 12));
    expect(virtualKeyPrefix(secret)).toBe(prefix);
    expect(looksLikeVirtualKey(secret)).toBe(true);
  });

  it('never repeats across many draws', () => {
    const secrets = new Set(Array.from({ length: 2000 }, () => generateVirtualKey().secret));
    expect(secrets.size).toBe(2000);
  });

  it('rejects malformed candidates syntactically', () => {
    expect(looksLikeVirtualKey('sk-asc-short')).toBe(false);
    expect(looksLikeVirtualKey(`sk-xyz-${'a'.repeat(43)}`)).toBe(false);
    expect(looksLikeVirtualKey(`sk-asc-${'a'.repeat(42)}!`)).toBe(false);
  });
});

describe('hashVirtualKey', () => {
  const pepper = 'pepper-from-the-environment';

  it('is HMAC-SHA256 keyed by the pepper, as hex', () => {
    const { secret } = generateVirtualKey();
    const expected = createHmac('sha256', pepper).update(secret).digest('hex');
    expect(hashVirtualKey(secret, pepper)).toBe(expected);
    expect(hashVirtualKey(secret, Buffer.from(pepper))).toBe(expected);
  });

  it('depends on the pepper and never contains the secret', () => {
    const { secret } = generateVirtualKey();
    const hash = hashVirtualKey(secret, pepper);
    expect(hashVirtualKey(secret, 'another-pepper')).not.toBe(hash);
    expect(hash).not.toContain(secret.slice(7));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses an empty pepper', () => {
    expect(() => hashVirtualKey('sk-asc-x', '')).toThrow(/pepper/);
  });

  it('verifies with a constant-time comparison', () => {
    const { secret } = generateVirtualKey();
    const hash = hashVirtualKey(secret, pepper);
    expect(verifyVirtualKey(secret, hash, pepper)).toBe(true);
    expect(verifyVirtualKey(generateVirtualKey().secret, hash, pepper)).toBe(false);
    expect(verifyVirtualKey(secret, hash, 'wrong')).toBe(false);
  });
});

describe('constantTimeEqual', () => {
  it.each([
    ['abc', 'abc', true],
    ['abc', 'abd', false],
    ['abc', 'abcd', false],
    ['', '', true],
    ['é', 'e', false],
  ])('%j vs %j -> %s', (a, b, equal) => {
    expect(constantTimeEqual(a, b)).toBe(equal);
  });
});
