/**
 * Canonical request -> OpenAI Chat Completions body
 * (https://platform.openai.com/docs/api-reference/chat/create):
 * `{model, messages:[{role, content, tool_calls?, tool_call_id?}], max_completion_tokens, temperature, top_p,
 *   stop, seed, tools:[{type:"function",function:{name,description,parameters}}], tool_choice, parallel_tool_calls,
 *   response_format, user, stream, stream_options:{include_usage}}`.
 * Provider differences (Mistral, self-hosted) come in as `OpenAiRequestOptions`, never as deleted keys.
 */
import type { ChatMessage, ChatRequest, ToolChoice, UserContentPart } from '@asc/contracts';

export interface OpenAiRequestOptions {
  /** OpenAI deprecated `max_tokens` for `max_completion_tokens`; most compatible servers know only the former. */
  maxTokensField: 'max_tokens' | 'max_completion_tokens';
  /** How a stream reports usage: opt-in via `stream_options`, or always in the last chunk (Mistral). */
  streamUsage: 'stream_options' | 'always';
  /** OpenAI says `required`, Mistral `any`. */
  requiredToolChoice: 'required' | 'any';
  seedField: 'seed' | 'random_seed';
  supportsUser: boolean;
  /** Rewrites tool call ids the provider would reject (Mistral: 9 alphanumerics). Must be deterministic. */
  toolCallId: (id: string) => string;
}

export function toOpenAiRequest(args: { request: ChatRequest; model: string; options: OpenAiRequestOptions }): Record<string, unknown> {
  const { request, options } = args;
  const body: Record<string, unknown> = { model: args.model, messages: request.messages.map((m) => toOpenAiMessage(m, options)) };
  if (request.maxTokens !== undefined) body[options.maxTokensField] = request.maxTokens;
  if (request.temperature !== undefined) body['temperature'] = request.temperature;
  if (request.topP !== undefined) body['top_p'] = request.topP;
  if (request.stop !== undefined && request.stop.length > 0) body['stop'] = request.stop;
  if (request.seed !== undefined) body[options.seedField] = request.seed;
  if (request.tools !== undefined && request.tools.length > 0) {
    body['tools'] = request.tools.map((tool) => ({
      type: 'function',
      function: { name: tool.name, ...(tool.description !== undefined ? { description: tool.description } : {}), parameters: tool.parameters },
    }));
  }
  if (request.toolChoice !== undefined) body['tool_choice'] = toOpenAiToolChoice(request.toolChoice, options);
  if (request.parallelToolCalls !== undefined) body['parallel_tool_calls'] = request.parallelToolCalls;
  if (request.responseFormat !== undefined) {
    const format = request.responseFormat;
    body['response_format'] =
      format.type === 'json_schema'
        ? { type: 'json_schema', json_schema: { name: format.name, schema: format.schema, ...(format.strict !== undefined ? { strict: format.strict } : {}) } }
        : { type: format.type };
  }
  if (request.user !== undefined && options.supportsUser) body['user'] = request.user;
  if (request.stream) {
    body['stream'] = true;
    // Always ask for usage: the gateway meters every stream; the client encoder decides what the client sees.
    if (options.streamUsage === 'stream_options') body['stream_options'] = { include_usage: true };
  }
  return body;
}

function toOpenAiToolChoice(choice: ToolChoice, options: OpenAiRequestOptions): unknown {
  if (choice === 'required') return options.requiredToolChoice;
  if (typeof choice === 'string') return choice;
  return { type: 'function', function: { name: choice.name } };
}

function toOpenAiMessage(message: ChatMessage, options: OpenAiRequestOptions): Record<string, unknown> {
  switch (message.role) {
    case 'system':
      return { role: 'system', content: message.content };
    case 'user':
      return { role: 'user', content: toOpenAiUserContent(message.content) };
    case 'assistant': {
      const out: Record<string, unknown> = { role: 'assistant', content: message.content.length > 0 ? message.content : null };
      if (message.toolCalls.length > 0) {
        out['tool_calls'] = message.toolCalls.map((call) => ({
          id: options.toolCallId(call.id),
          type: 'function',
          function: { name: call.name, arguments: call.arguments },
        }));
      }
      return out;
    }
    case 'tool':
      return { role: 'tool', tool_call_id: options.toolCallId(message.toolCallId), content: message.content };
  }
}

function toOpenAiUserContent(parts: UserContentPart[]): unknown {
  if (parts.length === 1 && parts[0]!.type === 'text') return parts[0]!.text;
  return parts.map((part) => {
    if (part.type === 'text') return { type: 'text', text: part.text };
    const url = part.source.kind === 'url' ? part.source.url : `data:${part.source.mediaType};base64,${part.source.data}`;
    return { type: 'image_url', image_url: { url } };
  });
}
