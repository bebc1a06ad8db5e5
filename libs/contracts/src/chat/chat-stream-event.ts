import type { FinishReason } from './finish-reason';
import type { TokenUsage } from './usage';

/**
 * Canonical streaming events, produced by a provider's stream decoder and consumed by a client dialect's encoder.
 * Order: `start`, then any mix of text and tool-call events, `finish`, `usage` (possibly before `finish`, possibly
 * several times: later values win field by field), and `end` when the provider's terminal event arrived.
 * A provider error mid-stream is an `error` event and nothing follows it.
 */
export type ChatStreamEvent =
  | { type: 'start'; id: string; model: string; created: number }
  | { type: 'text-delta'; text: string }
  /** `index` counts tool calls within the response from 0 (OpenAI's `tool_calls[].index`). */
  | { type: 'tool-call-start'; index: number; id: string; name: string }
  | { type: 'tool-call-delta'; index: number; argumentsDelta: string }
  | { type: 'finish'; finishReason: FinishReason; stopSequence?: string }
  | { type: 'usage'; usage: Partial<Omit<TokenUsage, 'source'>> }
  | { type: 'end' }
  | { type: 'error'; status: number; errorType: string; message: string };
