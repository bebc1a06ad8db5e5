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
// Reused for every hash: update() copies its input, so one scratch buffer is safe (single-threaded).
const POSITION = Buffer.alloc(8);

export function chainHash(previousHash: string, seq: number, canonical: string | Buffer): string {
  if (!HEX64.test(previousHash)) throw new Error(`previous hash must be 64 lower-case hex digits, got '${previousHash}'`);
  if (!Number.isSafeInteger(seq) || seq < 1) throw new Error(`sequence number must be a positive integer, got ${seq}`);
  // seq < 2^53: the high 32 bits and the low 32 bits as two unsigned words (no BigInt on the hot path).
  POSITION.writeUInt32BE(Math.floor(seq / 0x1_0000_0000), 0);
  POSITION.writeUInt32BE(seq >>> 0, 4);
  const hash = createHash('sha256').update(previousHash, 'hex').update(POSITION);
  return (typeof canonical === 'string' ? hash.update(canonical, 'utf8') : hash.update(canonical)).digest('hex');
}

export function isChainHash(value: string): boolean {
  return HEX64.test(value);
}
