/**
 * Anthropic Messages request -> canonical (https://docs.anthropic.com/en/api/messages).
 * Reads `system` (string or text blocks), `messages` (content string or blocks `text`, `image`, `tool_use`,
 * `tool_result`), `max_tokens`, `temperature`, `top_p`, `stop_sequences`, `tools`, `tool_choice`, `metadata.user_id`,
 * `stream`. `top_k`, `thinking` and cache-control markers have no OpenAI equivalent and are dropped on this path.
 */
import type { ChatMessage, ChatRequest, ToolChoice, ToolDefinition, UserContentPart } from '@asc/contracts';
import { InvalidRequestError } from '@asc/errors';
import { asArray, asNumber, asObject, asString } from '../../shared/json';

export function fromAnthropicRequest(args: { body: Record<string, unknown>; upstreamModel: string }): ChatRequest {
  const { body } = args;
  if (!Array.isArray(body['messages'])) throw new InvalidRequestError({ message: 'messages: Field required', param: 'messages' });
  const messages: ChatMessage[] = [];
  const system = textOf(body['system']);
  if (system.length > 0) messages.push({ role: 'system', content: system });
  body['messages'].forEach((m, i) => messages.push(...toMessages(m, i)));
  const request: ChatRequest = { model: args.upstreamModel, messages, stream: body['stream'] === true, streamIncludeUsage: false };
  const maxTokens = asNumber(body['max_tokens']);
  if (maxTokens !== undefined) request.maxTokens = maxTokens;
  const temperature = asNumber(body['temperature']);
  if (temperature !== undefined) request.temperature = temperature;
  const topP = asNumber(body['top_p']);
  if (topP !== undefined) request.topP = topP;
  const stop = asArray(body['stop_sequences']).filter((s): s is string => typeof s === 'string');
  if (stop.length > 0) request.stop = stop;
  const tools = asArray(body['tools']).map(toTool).filter((t): t is ToolDefinition => t !== undefined);
  if (tools.length > 0) request.tools = tools;
  const choice = asObject(body['tool_choice']);
  const toolChoice = toToolChoice(choice);
  if (toolChoice !== undefined) request.toolChoice = toolChoice;
  if (choice?.['disable_parallel_tool_use'] === true) request.parallelToolCalls = false;
  const user = asString(asObject(body['metadata'])?.['user_id']);
  if (user !== undefined) request.user = user;
  return request;
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  return asArray(content)
    .map((block) => (asObject(block)?.['type'] === 'text' ? (asString(asObject(block)?.['text']) ?? '') : ''))
    .join('');
}

/** One Anthropic turn can become several canonical messages: tool results are messages of their own. */
function toMessages(value: unknown, index: number): ChatMessage[] {
  const message = asObject(value);
  const role = message?.['role'];
  if (!message || (role !== 'user' && role !== 'assistant')) {
    throw new InvalidRequestError({ message: `messages.${index}.role: Input should be 'user' or 'assistant'`, param: `messages.${index}` });
  }
  const content = message['content'];
  if (typeof content === 'string') {
    return [role === 'user' ? { role: 'user', content: [{ type: 'text', text: content }] } : { role: 'assistant', content, toolCalls: [] }];
  }
  const blocks = asArray(content).map((b) => asObject(b) ?? {});
  if (role === 'assistant') {
    return [
      {
        role: 'assistant',
        content: textOf(blocks),
        toolCalls: blocks
          .filter((b) => b['type'] === 'tool_use')
          .map((b) => ({ id: asString(b['id']) ?? '', name: asString(b['name']) ?? '', arguments: JSON.stringify(b['input'] ?? {}) })),
      },
    ];
  }
  const out: ChatMessage[] = [];
  const parts: UserContentPart[] = [];
  for (const block of blocks) {
    if (block['type'] === 'tool_result') {
      out.push({ role: 'tool', toolCallId: asString(block['tool_use_id']) ?? '', content: textOf(block['content']), ...(block['is_error'] === true ? { isError: true } : {}) });
    } else if (block['type'] === 'text') {
      parts.push({ type: 'text', text: asString(block['text']) ?? '' });
    } else if (block['type'] === 'image') {
      const source = asObject(block['source']);
      if (source?.['type'] === 'url') parts.push({ type: 'image', source: { kind: 'url', url: asString(source['url']) ?? '' } });
      else parts.push({ type: 'image', source: { kind: 'base64', mediaType: asString(source?.['media_type']) ?? 'image/png', data: asString(source?.['data']) ?? '' } });
    }
  }
  if (parts.length > 0) out.push({ role: 'user', content: parts });
  return out;
}

function toTool(value: unknown): ToolDefinition | undefined {
  const tool = asObject(value);
  const name = asString(tool?.['name']);
  if (!tool || name === undefined) return undefined;
  const description = asString(tool['description']);
  return { name, ...(description !== undefined ? { description } : {}), parameters: asObject(tool['input_schema']) ?? { type: 'object', properties: {} } };
}

function toToolChoice(choice: Record<string, unknown> | undefined): ToolChoice | undefined {
  switch (choice?.['type']) {
    case 'auto': return 'auto';
    case 'none': return 'none';
    case 'any': return 'required';
    case 'tool': {
      const name = asString(choice['name']);
      return name !== undefined ? { name } : undefined;
    }
    default: return undefined;
  }
}
