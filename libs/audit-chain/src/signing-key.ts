import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

/**
 * Ed25519 checkpoint keys (RFC 8032). The signing key comes from the environment either as a PKCS#8 PEM
 * (`openssl genpkey -algorithm ed25519`) or as the base64 of the raw 32-byte seed. A key is named by its `keyId`:
 * the first 16 hex digits of SHA-256 over the raw 32-byte public key, so verifiers can pick the right trusted key.
 */
export interface SigningKey {
  readonly keyId: string;
  readonly privateKey: KeyObject;
  readonly publicKey: PublicKey;
}

export interface PublicKey {
  readonly keyId: string;
  readonly key: KeyObject;
  /** SubjectPublicKeyInfo PEM, what the API publishes. */
  readonly pem: string;
  /** The raw 32-byte key, base64. */
  readonly rawBase64: string;
}

// DER prefixes of an Ed25519 PKCS#8 private key and SPKI public key (RFC 8410), followed by the 32 raw bytes.
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export class SigningKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SigningKeyError';
  }
}

export function parseSigningKey(text: string): SigningKey {
  const trimmed = text.trim();
  let privateKey: KeyObject;
  try {
    if (trimmed.startsWith('-----BEGIN')) {
      privateKey = createPrivateKey({ key: trimmed, format: 'pem' });
    } else {
      const seed = Buffer.from(trimmed, 'base64');
      if (seed.length !== 32) throw new SigningKeyError(`a base64 Ed25519 seed must decode to 32 bytes, got ${seed.length}`);
      privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
    }
  } catch (error) {
    if (error instanceof SigningKeyError) throw error;
    throw new SigningKeyError(`not an Ed25519 private key: ${(error as Error).message}`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new SigningKeyError(`expected an Ed25519 key, got ${privateKey.asymmetricKeyType ?? 'unknown'}`);
  const publicKey = toPublicKey(createPublicKey(privateKey));
  return { keyId: publicKey.keyId, privateKey, publicKey };
}

/** A trusted verification key from a SPKI PEM or the base64 of the raw 32 bytes. */
export function parsePublicKey(text: string): PublicKey {
  const trimmed = text.trim();
  try {
    if (trimmed.startsWith('-----BEGIN')) return toPublicKey(createPublicKey({ key: trimmed, format: 'pem' }));
    const raw = Buffer.from(trimmed, 'base64');
    if (raw.length !== 32) throw new SigningKeyError(`a base64 Ed25519 public key must decode to 32 bytes, got ${raw.length}`);
    return toPublicKey(createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' }));
  } catch (error) {
    if (error instanceof SigningKeyError) throw error;
    throw new SigningKeyError(`not an Ed25519 public key: ${(error as Error).message}`);
  }
}

function toPublicKey(key: KeyObject): PublicKey {
  if (key.asymmetricKeyType !== 'ed25519') throw new SigningKeyError(`expected an Ed25519 key, got ${key.asymmetricKeyType ?? 'unknown'}`);
  const der = key.export({ format: 'der', type: 'spki' });
  const raw = der.subarray(der.length - 32);
  return {
    keyId: createHash('sha256').update(raw).digest('hex').slice(0, 16),
    key,
    pem: key.export({ format: 'pem', type: 'spki' }).toString(),
    rawBase64: raw.toString('base64'),
  };
}
