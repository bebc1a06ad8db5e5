import type { TokenUsage } from '@asc/contracts';
import { isObject } from './json';

/**
 * Usage estimates for when the provider's own count never arrived (stream cut or failed). A rough
 * 4-characters-per-token rule, as providers document for English text; flagged `estimated` and never zero,
 * so metering can tell it apart from a real count and never bills a broken stream as free.
 */
export const CHARS_PER_TOKEN = 4;

export function tokensFromChars(chars: number): number {
  return Math.max(1, Math.ceil(chars / CHARS_PER_TOKEN));
}

/** Counts the characters of every string in the prompt-bearing fields of a client body, plus a few per message. */
export function estimateInputTokens(body: Record<string, unknown>): number {
  let chars = 0;
  const visit = (value: unknown): void => {
    if (typeof value === 'string') chars += value.length;
    else if (Array.isArray(value)) for (const item of value) visit(item);
    else if (isObject(value)) for (const item of Object.values(value)) visit(item);
  };
  visit(body['messages']);
  visit(body['system']);
  visit(body['tools']);
  visit(body['input']);
  const messages = Array.isArray(body['messages']) ? body['messages'].length : 0;
  return tokensFromChars(chars) + messages * 4;
}

/** Combines whatever the provider reported with estimates for the parts it did not. */
export function estimatedUsage(args: {
  reported: Partial<Omit<TokenUsage, 'source'>>;
  estimateInputTokens: () => number;
  estimatedOutputTokens: number;
}): TokenUsage {
  const { reported } = args;
  const inputTokens = reported.inputTokens !== undefined && reported.inputTokens > 0 ? reported.inputTokens : args.estimateInputTokens();
  const outputTokens = Math.max(1, reported.outputTokens ?? 0, args.estimatedOutputTokens);
  return {
    inputTokens,
    outputTokens,
    cachedInputTokens: reported.cachedInputTokens ?? 0,
    cacheWriteInputTokens: reported.cacheWriteInputTokens ?? 0,
    source: 'estimated',
  };
}
