import type { FinishReason } from '@asc/contracts';

/** OpenAI `finish_reason` <-> canonical. `function_call` is the deprecated spelling of `tool_calls`. */
export function fromOpenAiFinishReason(reason: unknown): FinishReason {
  switch (reason) {
    case 'stop': return 'stop';
    case 'length': case 'model_length': return 'length';
    case 'tool_calls': case 'function_call': return 'tool_calls';
    case 'content_filter': return 'content_filter';
    default: return 'other';
  }
}

export function toOpenAiFinishReason(reason: FinishReason): string {
  return reason === 'other' ? 'stop' : reason;
}
