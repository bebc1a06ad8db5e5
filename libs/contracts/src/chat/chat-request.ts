/**
 * Canonical chat request: what every client dialect parses into and every provider adapter translates from when
 * the client and provider speak different APIs. Same-dialect requests never go through it (they pass through).
 */

export interface TextPart {
  type: 'text';
  text: string;
}

/** An image either by URL or inline (`data` is base64 without the `data:` prefix). */
export type ImagePart =
  | { type: 'image'; source: { kind: 'url'; url: string } }
  | { type: 'image'; source: { kind: 'base64'; mediaType: string; data: string } };

export type UserContentPart = TextPart | ImagePart;

export interface ToolCall {
  id: string;
  name: string;
  /** JSON text exactly as the model produced it (may be `{}`); parsed only where a dialect needs an object. */
  arguments: string;
}

export type ChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: UserContentPart[] }
  | { role: 'assistant'; content: string; toolCalls: ToolCall[] }
  | { role: 'tool'; toolCallId: string; content: string; isError?: boolean };

export interface ToolDefinition {
  name: string;
  description?: string;
  /** JSON Schema of the arguments object. */
  parameters: Record<string, unknown>;
}

/** `required`: the model must call some tool; `{ name }`: that tool. */
export type ToolChoice = 'auto' | 'none' | 'required' | { name: string };

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; name: string; schema: Record<string, unknown>; strict?: boolean };

export interface ChatRequest {
  /** The upstream model to call. */
  model: string;
  /** In order; system messages may appear anywhere (dialects without that hoist them). */
  messages: ChatMessage[];
  stream: boolean;
  /** Client asked for usage in the stream (OpenAI `stream_options.include_usage`). */
  streamIncludeUsage: boolean;
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  stop?: string[];
  seed?: number;
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  parallelToolCalls?: boolean;
  responseFormat?: ResponseFormat;
  /** End-user id for provider abuse monitoring (OpenAI `user`, Anthropic `metadata.user_id`). */
  user?: string;
}
