import { createHash } from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Mistral rejects tool call ids that are not exactly 9 characters of `[a-zA-Z0-9]`
 * (https://docs.mistral.ai/capabilities/function_calling/). Other providers' ids (`toolu_01…`, `call_…`) are
 * hashed to 9 such characters; deterministic, so a tool call and its result keep matching across turns.
 */
export function toMistralToolCallId(id: string): string {
  if (/^[a-zA-Z0-9]{9}$/.test(id)) return id;
  const digest = createHash('sha256').update(id).digest();
  let out = '';
  for (let i = 0; i < 9; i++) out += ALPHANUMERIC[digest[i]! % ALPHANUMERIC.length];
  return out;
}
