import type { TokenUsage } from '@asc/contracts';
import { asNumber, asObject } from '../shared/json';

/**
 * OpenAI `usage`: `{prompt_tokens, completion_tokens, total_tokens, prompt_tokens_details: {cached_tokens}}`.
 * `prompt_tokens` already includes the cached part, which is the canonical convention.
 */
export function fromOpenAiUsage(value: unknown): Omit<TokenUsage, 'source'> | undefined {
  const usage = asObject(value);
  if (!usage) return undefined;
  const details = asObject(usage['prompt_tokens_details']);
  return {
    inputTokens: asNumber(usage['prompt_tokens']) ?? 0,
    outputTokens: asNumber(usage['completion_tokens']) ?? 0,
    cachedInputTokens: asNumber(details?.['cached_tokens']) ?? 0,
    cacheWriteInputTokens: 0,
  };
}

export function toOpenAiUsage(usage: TokenUsage): Record<string, unknown> {
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedInputTokens },
  };
}
