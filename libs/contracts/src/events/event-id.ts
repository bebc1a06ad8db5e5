import { randomFillSync } from 'node:crypto';

/**
 * UUIDv7 (RFC 9562 §5.7): 48-bit Unix milliseconds, then 74 random bits. Time-ordered, so ids sort by creation
 * and index well; consumers de-duplicate on it. Within one millisecond a 12-bit counter in `rand_a` keeps ids
 * from one process monotonic.
 */
let lastMs = -1;
let counter = 0;

// One getrandom(2) per 256 ids instead of one per id: ids are made on the request path.
const POOL = Buffer.alloc(16 * 256);
let poolAt = POOL.length;
function random16(): Buffer {
  if (poolAt >= POOL.length) {
    randomFillSync(POOL);
    poolAt = 0;
  }
  const out = Buffer.from(POOL.subarray(poolAt, poolAt + 16));
  poolAt += 16;
  return out;
}

export function newEventId(nowMs: number = Date.now()): string {
  if (nowMs <= lastMs) {
    counter += 1;
    if (counter > 0xfff) {
      // Counter exhausted within one ms: borrow the next millisecond rather than lose ordering.
      lastMs += 1;
      counter = 0;
    }
  } else {
    lastMs = nowMs;
    counter = random16().readUInt16BE(0) & 0x3ff; // leave headroom for increments
  }
  const bytes = random16();
  const ms = lastMs;
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = 0x70 | ((counter >> 8) & 0x0f);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Milliseconds since the epoch encoded in a UUIDv7. */
export function eventIdTime(id: string): number {
  return parseInt(id.replace(/-/g, '').slice(0, 12), 16);
}

/** A random W3C trace-id (32 lowercase hex), from the same pooled randomness as event ids. */
export function newTraceId(): string {
  return random16().toString('hex');
}
