/**
 * OpenAI Chat Completions request -> canonical (https://platform.openai.com/docs/api-reference/chat/create).
 * Reads `messages` (system/developer/user/assistant/tool; content as string or parts `text` / `image_url`),
 * `max_completion_tokens`|`max_tokens`, `temperature`, `top_p`, `stop`, `seed`, `tools`, `tool_choice`,
 * `parallel_tool_calls`, `response_format`, `user`, `stream`, `stream_options.include_usage`. Parameters with no
 * canonical meaning (`logprobs`, `presence_penalty`…) are dropped on this path.
 */
import type { ChatMessage, ChatRequest, ResponseFormat, ToolChoice, ToolDefinition, UserContentPart } from '@asc/contracts';
import { InvalidRequestError } from '@asc/errors';
import { asArray, asNumber, asObject, asString } from '../../shared/json';

export function fromOpenAiRequest(args: { body: Record<string, unknown>; upstreamModel: string }): ChatRequest {
  const { body } = args;
  if (!Array.isArray(body['messages'])) throw new InvalidRequestError({ message: "'messages' must be an array.", param: 'messages' });
  const n = asNumber(body['n']);
  if (n !== undefined && n > 1) throw new InvalidRequestError({ message: "'n' greater than 1 is not supported for this model.", param: 'n' });
  const request: ChatRequest = {
    model: args.upstreamModel,
    messages: body['messages'].map((m, i) => toMessage(m, i)),
    stream: body['stream'] === true,
    streamIncludeUsage: asObject(body['stream_options'])?.['include_usage'] === true,
  };
  const maxTokens = asNumber(body['max_completion_tokens']) ?? asNumber(body['max_tokens']);
  if (maxTokens !== undefined) request.maxTokens = maxTokens;
  const temperature = asNumber(body['temperature']);
  if (temperature !== undefined) request.temperature = temperature;
  const topP = asNumber(body['top_p']);
  if (topP !== undefined) request.topP = topP;
  const stop = body['stop'];
  if (typeof stop === 'string') request.stop = [stop];
  else if (Array.isArray(stop)) request.stop = stop.filter((s): s is string => typeof s === 'string');
  const seed = asNumber(body['seed']);
  if (seed !== undefined) request.seed = seed;
  const tools = asArray(body['tools']).map(toTool).filter((t): t is ToolDefinition => t !== undefined);
  if (tools.length > 0) request.tools = tools;
  const toolChoice = toToolChoice(body['tool_choice']);
  if (toolChoice !== undefined) request.toolChoice = toolChoice;
  if (typeof body['parallel_tool_calls'] === 'boolean') request.parallelToolCalls = body['parallel_tool_calls'];
  const format = toResponseFormat(body['response_format']);
  if (format !== undefined) request.responseFormat = format;
  const user = asString(body['user']);
  if (user !== undefined) request.user = user;
  return request;
}

function invalid(index: number, what: string): InvalidRequestError {
  return new InvalidRequestError({ message: `messages[${index}]: ${what}`, param: `messages[${index}]` });
}

function toMessage(value: unknown, index: number): ChatMessage {
  const message = asObject(value);
  if (!message) throw invalid(index, 'must be an object.');
  switch (message['role']) {
    case 'system':
    case 'developer':
      return { role: 'system', content: textOfParts(message['content']) };
    case 'user':
      return { role: 'user', content: toUserParts(message['content'], index) };
    case 'assistant':
      return {
        role: 'assistant',
        content: textOfParts(message['content']),
        toolCalls: asArray(message['tool_calls']).map((item) => {
          const call = asObject(item);
          const fn = asObject(call?.['function']);
          return { id: asString(call?.['id']) ?? '', name: asString(fn?.['name']) ?? '', arguments: asString(fn?.['arguments']) ?? '{}' };
        }),
      };
    case 'tool':
      return { role: 'tool', toolCallId: asString(message['tool_call_id']) ?? '', content: textOfParts(message['content']) };
    default:
      throw invalid(index, `unsupported role '${String(message['role'])}'.`);
  }
}

function textOfParts(content: unknown): string {
  if (typeof content === 'string') return content;
  return asArray(content)
    .map((part) => asString(asObject(part)?.['text']) ?? '')
    .join('');
}

function toUserParts(content: unknown, index: number): UserContentPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  if (!Array.isArray(content)) throw invalid(index, "'content' must be a string or an array of parts.");
  return content.map((item): UserContentPart => {
    const part = asObject(item);
    if (part?.['type'] === 'text') return { type: 'text', text: asString(part['text']) ?? '' };
    if (part?.['type'] === 'image_url') {
      const url = asString(asObject(part['image_url'])?.['url']) ?? '';
      const inline = /^data:([^;,]+);base64,(.*)$/s.exec(url);
      return inline ? { type: 'image', source: { kind: 'base64', mediaType: inline[1]!, data: inline[2]! } } : { type: 'image', source: { kind: 'url', url } };
    }
    throw invalid(index, `unsupported content part type '${String(part?.['type'])}'.`);
  });
}

function toTool(value: unknown): ToolDefinition | undefined {
  const fn = asObject(asObject(value)?.['function']);
  const name = asString(fn?.['name']);
  if (!fn || name === undefined) return undefined;
  const description = asString(fn['description']);
  return { name, ...(description !== undefined ? { description } : {}), parameters: asObject(fn['parameters']) ?? { type: 'object', properties: {} } };
}

function toToolChoice(value: unknown): ToolChoice | undefined {
  if (value === 'auto' || value === 'none' || value === 'required') return value;
  const name = asString(asObject(asObject(value)?.['function'])?.['name']);
  return name !== undefined ? { name } : undefined;
}

function toResponseFormat(value: unknown): ResponseFormat | undefined {
  const format = asObject(value);
  if (format?.['type'] === 'json_object' || format?.['type'] === 'text') return { type: format['type'] };
  if (format?.['type'] === 'json_schema') {
    const spec = asObject(format['json_schema']);
    const strict = spec?.['strict'];
    return { type: 'json_schema', name: asString(spec?.['name']) ?? 'response', schema: asObject(spec?.['schema']) ?? {}, ...(typeof strict === 'boolean' ? { strict } : {}) };
  }
  return undefined;
}
