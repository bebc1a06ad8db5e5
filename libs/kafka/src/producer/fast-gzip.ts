import { gzip, unzip } from 'node:zlib';
import { CompressionCodecs, CompressionTypes } from 'kafkajs';

/**
 * kafkajs's built-in GZIP codec compresses at zlib's default level 6. Level 1 costs a fraction of the CPU on event
 * JSON and still compresses it several-fold; the output is ordinary gzip, so every Kafka client reads it (and the
 * decompress side is unchanged). kafkajs keeps codecs in one process-wide table, documented as the way to plug in
 * codecs (https://kafka.js.org/docs/producing#compression), so this applies to every kafkajs client in the process.
 * Compression runs on the libuv pool (async zlib), off the event loop.
 */
export const GZIP_LEVEL = 1;

const codec = {
  compress: (encoder: { buffer: Buffer }): Promise<Buffer> =>
    new Promise((resolve, reject) => gzip(encoder.buffer, { level: GZIP_LEVEL }, (err, out) => (err ? reject(err) : resolve(out)))),
  decompress: (buffer: Buffer): Promise<Buffer> =>
    new Promise((resolve, reject) => unzip(buffer, (err, out) => (err ? reject(err) : resolve(out)))),
};

export function registerFastGzip(): void {
  CompressionCodecs[CompressionTypes.GZIP] = () => codec;
}
