export { startMockLlm } from './server';
export type { MockLlmOptions, MockLlmServer } from './server';
export { mockControl } from './control-client';
export type { MockControl, RequestsFilter } from './control-client';
export { DEFAULT_OUTPUT_TOKENS } from './chat/chat-request';
export { completionText } from './chat/content';
export { embeddingVector } from './dialects/embeddings';
export type {
  Behavior,
  BehaviorMatch,
  BehaviorRule,
  Dialect,
  FailureMode,
  FailurePoint,
  MockStats,
  Operation,
  RecordedRequest,
} from './types';

/** Prompt tokens the mock reports for `chars` characters of message text: ceil(chars / 4). */
export function mockInputTokens(chars: number): number {
  return Math.ceil(chars / 4);
}
