import type { FinishReason } from '@asc/contracts';

/** Anthropic `stop_reason` <-> canonical (https://docs.anthropic.com/en/api/handling-stop-reasons). */
export function fromAnthropicStopReason(reason: unknown): FinishReason {
  switch (reason) {
    case 'end_turn': case 'stop_sequence': return 'stop';
    case 'max_tokens': case 'model_context_window_exceeded': return 'length';
    case 'tool_use': return 'tool_calls';
    case 'refusal': return 'content_filter';
    default: return 'other';
  }
}

export function toAnthropicStopReason(reason: FinishReason, stopSequence: string | undefined): string {
  switch (reason) {
    case 'stop': return stopSequence !== undefined ? 'stop_sequence' : 'end_turn';
    case 'length': return 'max_tokens';
    case 'tool_calls': return 'tool_use';
    case 'content_filter': return 'refusal';
    case 'other': return 'end_turn';
  }
}
