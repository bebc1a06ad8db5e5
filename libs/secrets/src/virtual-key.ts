import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Virtual API keys handed to tenants: `sk-asc-` + 256 random bits in base64url.
 * Only the prefix (for humans and logs) and a peppered HMAC-SHA256 of the whole secret are ever stored;
 * the pepper lives in the environment, so a database dump alone cannot be used to test guesses offline.
 */
export const VIRTUAL_KEY_MARKER = 'sk-asc-';
export const VIRTUAL_KEY_PREFIX_LENGTH = 12;
const RANDOM_BYTES = 32;

export interface VirtualKey {
  /** The full secret; shown to the caller exactly once. */
  readonly secret: string;
  /** First 12 characters of the secret: identifies a key in listings without revealing it. */
  readonly prefix: string;
}

export function generateVirtualKey(): VirtualKey {
  const secret = VIRTUAL_KEY_MARKER + randomBytes(RANDOM_BYTES).toString('base64url');
  return { secret, prefix: virtualKeyPrefix(secret) };
}

export function virtualKeyPrefix(secret: string): string {
  return secret.slice(0, VIRTUAL_KEY_PREFIX_LENGTH);
}

/** Cheap syntactic check, so obviously malformed credentials are rejected before hashing. */
export function looksLikeVirtualKey(value: string): boolean {
  return value.startsWith(VIRTUAL_KEY_MARKER) && /^[A-Za-z0-9_-]{43}$/.test(value.slice(VIRTUAL_KEY_MARKER.length));
}

/** HMAC-SHA256(pepper, secret) as lowercase hex. Deterministic, so it can be a unique lookup column. */
export function hashVirtualKey(secret: string, pepper: string | Buffer): string {
  if (pepper.length === 0) throw new Error('The virtual key pepper must not be empty.');
  return createHmac('sha256', pepper).update(secret, 'utf8').digest('hex');
}

/** Constant-time string equality (length differences return early, which leaks only the length). */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  if (left.length !== right.length) return false;
  return timingSafeEqual(left, right);
}

/** Whether `secret` hashes to `expectedHash` under `pepper`, compared in constant time. */
export function verifyVirtualKey(secret: string, expectedHash: string, pepper: string | Buffer): boolean {
  return constantTimeEqual(hashVirtualKey(secret, pepper), expectedHash);
}
