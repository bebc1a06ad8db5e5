/** Provider-looking identifiers. Math.random is enough: ids only need to be unique-ish and cheap, not secret. */
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

export const ids = {
  /** `chatcmpl-` + 29 alphanumerics, as OpenAI. */
  openAiCompletion: () => `chatcmpl-${randomAlnum(29)}`,
  /** `call_` + 24 alphanumerics, as OpenAI. */
  openAiToolCall: () => `call_${randomAlnum(24)}`,
  /** `msg_01` + 22 alphanumerics, as Anthropic. */
  anthropicMessage: () => `msg_01${randomAlnum(22)}`,
  /** `toolu_01` + 22 alphanumerics, as Anthropic. */
  anthropicToolUse: () => `toolu_01${randomAlnum(22)}`,
  /** `req_` + 24 alphanumerics: `x-request-id` / `request-id` headers. */
  request: () => `req_${randomAlnum(24)}`,
  /** 32 hex chars, as Mistral completion ids. */
  mistralCompletion: () => randomHex(32),
  /** Exactly 9 alphanumerics: Mistral rejects other tool call id shapes on the way back in. */
  mistralToolCall: () => randomAlnum(9),
};
