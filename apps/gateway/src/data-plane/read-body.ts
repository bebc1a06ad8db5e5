import type { IncomingMessage } from 'node:http';
import { BodyTooLargeError, InvalidRequestError } from '@asc/errors';

/**
 * Reads a request body as UTF-8 text, refusing more than `limit` bytes (by Content-Length up front, or while
 * reading a chunked body) so an oversized upload is never buffered.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) return Promise.reject(new BodyTooLargeError(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, size).toString('utf8')));
    req.once('error', reject);
  });
}

export function parseJsonBody(text: string): unknown {
  if (text.length === 0) throw new InvalidRequestError({ message: 'The request body is empty; expected a JSON object.', code: 'INVALID_JSON' });
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidRequestError({ message: 'We could not parse the JSON body of your request.', code: 'INVALID_JSON' });
  }
}
