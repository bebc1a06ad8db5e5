import type { IncomingHttpHeaders } from 'node:http';

/**
 * The virtual key as the official SDKs send it: OpenAI clients use `Authorization: Bearer <key>`,
 * Anthropic clients `x-api-key: <key>`. Both are accepted on both surfaces.
 */
export function extractVirtualKey(headers: IncomingHttpHeaders): string | undefined {
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey.length > 0) return apiKey.trim();
  const authorization = headers.authorization;
  if (typeof authorization !== 'string') return undefined;
  // "Bearer " is case-insensitive per RFC 6750.
  if (authorization.length > 7 && authorization.slice(0, 7).toLowerCase() === 'bearer ') {
    return authorization.slice(7).trim();
  }
  return undefined;
}
