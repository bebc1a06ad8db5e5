/**
 * Provider-looking identifiers. Hot-path ids (completion, message, request) are a random per-process prefix plus a
 * counter: unique within the process and far cheaper than drawing every character from Math.random.
 */
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomAlnum(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALNUM[Math.floor(Math.random() * 62)];
  return out;
}

export function randomHex(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += Math.floor(Math.random() * 16).toString(16);
  return out;
}

const ALNUM_PREFIX = randomAlnum(32);
const HEX_PREFIX = randomHex(32);
let counter = 0;

function base62(n: number, width: number): string {
  let out = '';
  for (let i = 0; i < width; i++) {
    out = ALNUM[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out;
}

/** `length` alphanumerics: the process prefix, then a 6-char base62 counter. */
function uniqueAlnum(length: number): string {
  counter = (counter + 1) % 56_800_235_584; // 62^6
  return ALNUM_PREFIX.slice(0, length - 6) + base62(counter, 6);
}

function uniqueHex(length: number): string {
  counter = (counter + 1) % 0x100000000;
  return HEX_PREFIX.slice(0, length - 8) + counter.toString(16).padStart(8, '0');
}

export const ids = {
  /** `chatcmpl-` + 29 alphanumerics, as OpenAI. */
  openAiCompletion: () => `chatcmpl-${uniqueAlnum(29)}`,
  /** `call_` + 24 alphanumerics, as OpenAI. */
  openAiToolCall: () => `call_${randomAlnum(24)}`,
  /** `msg_01` + 22 alphanumerics, as Anthropic. */
  anthropicMessage: () => `msg_01${uniqueAlnum(22)}`,
  /** `toolu_01` + 22 alphanumerics, as Anthropic. */
  anthropicToolUse: () => `toolu_01${randomAlnum(22)}`,
  /** `req_` + 24 alphanumerics: `x-request-id` / `request-id` headers. */
  request: () => `req_${uniqueAlnum(24)}`,
  /** 32 hex chars, as Mistral completion ids. */
  mistralCompletion: () => uniqueHex(32),
  /** Exactly 9 alphanumerics: Mistral rejects other tool call id shapes on the way back in. */
  mistralToolCall: () => randomAlnum(9),
};
