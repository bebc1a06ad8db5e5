/**
 * CRC-32C (Castagnoli), the checksum of a v2 record batch (covers attributes through the last record).
 * https://kafka.apache.org/documentation/#recordbatch — table-driven, slicing-by-8, no dependency.
 */
const POLY = 0x82f63b78;
const TABLE = new Int32Array(8 * 256);

for (let i = 0; i < 256; i++) {
  let c = i;
  for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
  TABLE[i] = c;
}
for (let i = 0; i < 256; i++) {
  for (let t = 1; t < 8; t++) {
    const prev = TABLE[(t - 1) * 256 + i] as number;
    TABLE[t * 256 + i] = (prev >>> 8) ^ (TABLE[prev & 0xff] as number);
  }
}

export function crc32c(buf: Uint8Array, start = 0, end = buf.length): number {
  const T = TABLE;
  let crc = -1;
  let i = start;
  const end8 = end - ((end - start) & 7);
  while (i < end8) {
    crc ^= (buf[i] as number) | ((buf[i + 1] as number) << 8) | ((buf[i + 2] as number) << 16) | ((buf[i + 3] as number) << 24);
    crc =
      (T[1792 + (crc & 0xff)] as number) ^
      (T[1536 + ((crc >>> 8) & 0xff)] as number) ^
      (T[1280 + ((crc >>> 16) & 0xff)] as number) ^
      (T[1024 + (crc >>> 24)] as number) ^
      (T[768 + (buf[i + 4] as number)] as number) ^
      (T[512 + (buf[i + 5] as number)] as number) ^
      (T[256 + (buf[i + 6] as number)] as number) ^
      (T[buf[i + 7] as number] as number);
    i += 8;
  }
  while (i < end) crc = (T[(crc ^ (buf[i++] as number)) & 0xff] as number) ^ (crc >>> 8);
  return ~crc >>> 0;
}
