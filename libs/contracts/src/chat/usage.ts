/**
 * Token usage of one model call, the same shape as `usage.recorded.v1`'s `usage`.
 *
 * `inputTokens` is the whole prompt, INCLUDING the cached and cache-write parts (OpenAI's `prompt_tokens`;
 * for Anthropic `input_tokens + cache_read_input_tokens + cache_creation_input_tokens`). `cachedInputTokens` and
 * `cacheWriteInputTokens` are subsets of it, so metering can price them differently.
 */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  cacheWriteInputTokens: number;
  /** `reported`: from the provider; `estimated`: the provider's usage never arrived and the gateway counted. */
  source: 'reported' | 'estimated';
}

export const EMPTY_REPORTED_USAGE: Readonly<TokenUsage> = Object.freeze({
  inputTokens: 0,
  outputTokens: 0,
  cachedInputTokens: 0,
  cacheWriteInputTokens: 0,
  source: 'reported',
});
