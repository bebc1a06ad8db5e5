// Root entry of @asc/contracts: the canonical chat model. Event contracts live under `@asc/contracts/events`.
export type { TokenUsage } from './chat/usage';
export { EMPTY_REPORTED_USAGE } from './chat/usage';
export type { FinishReason } from './chat/finish-reason';
export type {
  ChatRequest,
  ChatMessage,
  TextPart,
  ImagePart,
  UserContentPart,
  ToolCall,
  ToolDefinition,
  ToolChoice,
  ResponseFormat,
} from './chat/chat-request';
export type { ChatResponse } from './chat/chat-response';
export type { ChatStreamEvent } from './chat/chat-stream-event';
