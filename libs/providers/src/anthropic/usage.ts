import type { TokenUsage } from '@asc/contracts';
import { asNumber, asObject } from '../shared/json';

/**
 * Anthropic `usage`: `{input_tokens, output_tokens, cache_creation_input_tokens, cache_read_input_tokens}` where
 * `input_tokens` EXCLUDES both cache parts; canonical `inputTokens` includes them. Fields absent from a partial
 * usage (e.g. `message_delta` carrying only `output_tokens`) stay absent.
 */
export function fromAnthropicUsage(value: unknown): Partial<Omit<TokenUsage, 'source'>> | undefined {
  const usage = asObject(value);
  if (!usage) return undefined;
  const out: Partial<Omit<TokenUsage, 'source'>> = {};
  const input = asNumber(usage['input_tokens']);
  const read = asNumber(usage['cache_read_input_tokens']);
  const write = asNumber(usage['cache_creation_input_tokens']);
  if (input !== undefined) out.inputTokens = input + (read ?? 0) + (write ?? 0);
  if (read !== undefined) out.cachedInputTokens = read;
  if (write !== undefined) out.cacheWriteInputTokens = write;
  const output = asNumber(usage['output_tokens']);
  if (output !== undefined) out.outputTokens = output;
  return out;
}

export function toAnthropicUsage(usage: TokenUsage): Record<string, number> {
  return {
    input_tokens: Math.max(0, usage.inputTokens - usage.cachedInputTokens - usage.cacheWriteInputTokens),
    cache_creation_input_tokens: usage.cacheWriteInputTokens,
    cache_read_input_tokens: usage.cachedInputTokens,
    output_tokens: usage.outputTokens,
  };
}
