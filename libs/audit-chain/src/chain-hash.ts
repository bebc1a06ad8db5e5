import { createHash } from 'node:crypto';

/**
 * The per-tenant hash chain. Record n (sequence numbers start at 1, no gaps) has
 *
 *   hash_n = SHA-256( hash_{n-1} (32 bytes) || n as unsigned 64-bit big-endian || canonical JSON bytes of record n )
 *
 * with hash_0 = 32 zero bytes. Binding the sequence number makes a record valid at one position only, so deleting,
 * inserting or reordering records breaks the chain at the first record moved. Hashes are lower-case hex.
 */
export const GENESIS_HASH = '0'.repeat(64);

const HEX64 = /^[0-9a-f]{64}$/;

export function chainHash(previousHash: string, seq: number, canonical: string | Buffer): string {
  if (!HEX64.test(previousHash)) throw new Error(`previous hash must be 64 lower-case hex digits, got '${previousHash}'`);
  if (!Number.isSafeInteger(seq) || seq < 1) throw new Error(`sequence number must be a positive integer, got ${seq}`);
  const position = Buffer.alloc(8);
  position.writeBigUInt64BE(BigInt(seq));
  return createHash('sha256')
    .update(Buffer.from(previousHash, 'hex'))
    .update(position)
    .update(typeof canonical === 'string' ? Buffer.from(canonical, 'utf8') : canonical)
    .digest('hex');
}

export function isChainHash(value: string): boolean {
  return HEX64.test(value);
}
