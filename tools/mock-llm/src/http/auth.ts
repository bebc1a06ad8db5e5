/**
 * Credential checks per dialect: OpenAI/Mistral `Authorization: Bearer`, Azure `api-key` (or Entra `Authorization`),
 * Anthropic `x-api-key` (or `Authorization: Bearer` for OAuth tokens). Missing credential or the value `invalid` → 401.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Dialect } from '../types';

export type AuthResult = { ok: true } | { ok: false; message?: string };

function bearer(headers: IncomingHttpHeaders): string | null {
  const value = headers.authorization;
  if (!value) return null;
  return value.toLowerCase().startsWith('bearer ') ? value.slice(7).trim() : value.trim();
}

function single(value: string | string[] | undefined): string | null {
  return typeof value === 'string' ? value : null;
}

const MISSING: Record<Dialect, string> = {
  openai:
    "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username and password. You can obtain an API key from https://platform.openai.com/account/api-keys.",
  azure:
    'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.',
  anthropic: 'x-api-key header is required',
  mistral: 'No API key found in request',
};

export function checkAuth(dialect: Dialect, headers: IncomingHttpHeaders): AuthResult {
  let credential: string | null;
  if (dialect === 'azure') credential = single(headers['api-key']) ?? bearer(headers);
  else if (dialect === 'anthropic') credential = single(headers['x-api-key']) ?? bearer(headers);
  else credential = bearer(headers);
  if (!credential) return { ok: false, message: MISSING[dialect] };
  if (credential === 'invalid') return { ok: false };
  return { ok: true };
}
