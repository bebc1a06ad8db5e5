import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { crc32c } from './crc32c';

const kafkajsCrc32c = createRequire(import.meta.url)('kafkajs/src/protocol/recordBatch/crc32C/index.js') as (b: Buffer) => number;

describe('crc32c', () => {
  it('matches the CRC-32C check value', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32c(Buffer.alloc(0))).toBe(0);
  });

  it('agrees with kafkajs on every length around the 16-byte stride and on sub-ranges', () => {
    const data = randomBytes(1100);
    for (const len of [1, 7, 15, 16, 17, 31, 32, 33, 1024, 1100]) {
      expect(crc32c(data.subarray(0, len))).toBe(kafkajsCrc32c(data.subarray(0, len)));
    }
    expect(crc32c(data, 21, 900)).toBe(kafkajsCrc32c(data.subarray(21, 900)));
  });
});
