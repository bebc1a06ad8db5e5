/**
 * CRC-32C (Castagnoli), the checksum of a v2 record batch (covers attributes through the last record).
 * https://kafka.apache.org/documentation/#recordbatch — table-driven slicing-by-16, no dependency. Reading four
 * little-endian words per step roughly triples the throughput of a byte-at-a-time table on V8.
 */
const POLY = 0x82f63b78;
const T = new Int32Array(16 * 256);

for (let i = 0; i < 256; i++) {
  let c = i;
  for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
  T[i] = c;
}
for (let i = 0; i < 256; i++) {
  for (let t = 1; t < 16; t++) {
    const prev = T[(t - 1) * 256 + i] as number;
    T[t * 256 + i] = (prev >>> 8) ^ (T[prev & 0xff] as number);
  }
}

/* eslint-disable @typescript-eslint/no-non-null-assertion -- indices are bounded by the loop conditions */
export function crc32c(b: Uint8Array, start = 0, end = b.length): number {
  let crc = -1;
  let i = start;
  const end16 = end - ((end - start) & 15);
  while (i < end16) {
    crc ^= b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24);
    const w1 = b[i + 4]! | (b[i + 5]! << 8) | (b[i + 6]! << 16) | (b[i + 7]! << 24);
    const w2 = b[i + 8]! | (b[i + 9]! << 8) | (b[i + 10]! << 16) | (b[i + 11]! << 24);
    const w3 = b[i + 12]! | (b[i + 13]! << 8) | (b[i + 14]! << 16) | (b[i + 15]! << 24);
    crc =
      T[3840 + (crc & 0xff)]! ^ T[3584 + ((crc >>> 8) & 0xff)]! ^ T[3328 + ((crc >>> 16) & 0xff)]! ^ T[3072 + (crc >>> 24)]! ^
      T[2816 + (w1 & 0xff)]! ^ T[2560 + ((w1 >>> 8) & 0xff)]! ^ T[2304 + ((w1 >>> 16) & 0xff)]! ^ T[2048 + (w1 >>> 24)]! ^
      T[1792 + (w2 & 0xff)]! ^ T[1536 + ((w2 >>> 8) & 0xff)]! ^ T[1280 + ((w2 >>> 16) & 0xff)]! ^ T[1024 + (w2 >>> 24)]! ^
      T[768 + (w3 & 0xff)]! ^ T[512 + ((w3 >>> 8) & 0xff)]! ^ T[256 + ((w3 >>> 16) & 0xff)]! ^ T[w3 >>> 24]!;
    i += 16;
  }
  while (i < end) crc = T[(crc ^ b[i++]!) & 0xff]! ^ (crc >>> 8);
  return ~crc >>> 0;
}
/* eslint-enable @typescript-eslint/no-non-null-assertion */
