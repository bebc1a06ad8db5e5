import type { FinishReason } from './finish-reason';
import type { ToolCall } from './chat-request';
import type { TokenUsage } from './usage';

/** Canonical unary chat response (single choice), and the fold of a finished stream. */
export interface ChatResponse {
  /** The provider's response id. */
  id: string;
  model: string;
  /** Unix seconds. */
  created: number;
  text: string;
  toolCalls: ToolCall[];
  finishReason: FinishReason;
  /** The stop sequence that ended generation, when the provider says which. */
  stopSequence?: string;
  usage: TokenUsage;
}
