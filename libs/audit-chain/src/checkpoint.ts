import { sign, verify } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import type { PublicKey, SigningKey } from './signing-key';

/**
 * A signed checkpoint: "tenant T's chain had head hash H at sequence S, at time t", signed with Ed25519 over the
 * canonical JSON of `{ v: 1, tenantId, seq, headHash, time, keyId }`. Anyone holding the published public key can
 * check it. The chain alone is keyless (anyone can recompute it); checkpoints are what make a rewritten or
 * truncated chain detectable.
 */
export interface Checkpoint {
  tenantId: string;
  seq: number;
  headHash: string;
  /** RFC 3339 UTC time of signing. */
  time: string;
  keyId: string;
}

export interface SignedCheckpoint extends Checkpoint {
  /** Ed25519 signature, base64. */
  signature: string;
}

export function checkpointSigningBytes(checkpoint: Checkpoint): Buffer {
  const { tenantId, seq, headHash, time, keyId } = checkpoint;
  return Buffer.from(canonicalJson({ v: 1, tenantId, seq, headHash, time, keyId }), 'utf8');
}

export function signCheckpoint(key: SigningKey, checkpoint: Omit<Checkpoint, 'keyId'>): SignedCheckpoint {
  const unsigned: Checkpoint = { ...checkpoint, keyId: key.keyId };
  const signature = sign(null, checkpointSigningBytes(unsigned), key.privateKey).toString('base64');
  return { ...unsigned, signature };
}

export type SignatureCheck = 'valid' | 'invalid' | 'unknown-key';

/** Checks a checkpoint against the trusted keys (by keyId). */
export function checkCheckpointSignature(checkpoint: SignedCheckpoint, trusted: ReadonlyMap<string, PublicKey>): SignatureCheck {
  const key = trusted.get(checkpoint.keyId);
  if (!key) return 'unknown-key';
  try {
    return verify(null, checkpointSigningBytes(checkpoint), key.key, Buffer.from(checkpoint.signature, 'base64')) ? 'valid' : 'invalid';
  } catch {
    return 'invalid';
  }
}
