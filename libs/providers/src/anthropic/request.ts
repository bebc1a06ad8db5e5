/**
 * Canonical request -> Anthropic Messages body (https://docs.anthropic.com/en/api/messages):
 * `{model, max_tokens, system?, messages:[{role:"user"|"assistant", content:[blocks]}], temperature?, top_p?,
 *   stop_sequences?, tools?:[{name,description?,input_schema}], tool_choice?:{type:"auto"|"any"|"tool"|"none",
 *   name?, disable_parallel_tool_use?}, metadata?:{user_id}, stream?}`.
 * Blocks: `text`, `image` (`source: base64|url`), `tool_use {id,name,input}`, `tool_result {tool_use_id,content,is_error}`.
 */
import type { ChatMessage, ChatRequest, ResponseFormat, ToolChoice } from '@asc/contracts';
import { isObject, tryParseJson } from '../shared/json';

/** Anthropic requires `max_tokens`; OpenAI clients often omit it. */
export const DEFAULT_MAX_TOKENS = 4096;

type Block = Record<string, unknown>;
interface AnthropicMessage {
  role: 'user' | 'assistant';
  content: Block[];
}

export function toAnthropicRequest(args: { request: ChatRequest; model: string }): Record<string, unknown> {
  const { request } = args;
  const system: string[] = [];
  const messages: AnthropicMessage[] = [];
  for (const message of request.messages) {
    if (message.role === 'system') system.push(message.content);
    else append(messages, message.role === 'assistant' ? 'assistant' : 'user', toBlocks(message));
  }
  const formatHint = responseFormatInstruction(request.responseFormat);
  if (formatHint) system.push(formatHint);

  const body: Record<string, unknown> = { model: args.model, max_tokens: request.maxTokens ?? DEFAULT_MAX_TOKENS };
  if (system.length > 0) body['system'] = system.join('\n\n');
  body['messages'] = messages;
  // Anthropic's range is 0..1 where OpenAI's is 0..2.
  if (request.temperature !== undefined) body['temperature'] = Math.min(1, request.temperature);
  if (request.topP !== undefined) body['top_p'] = request.topP;
  if (request.stop !== undefined && request.stop.length > 0) body['stop_sequences'] = request.stop;
  if (request.tools !== undefined && request.tools.length > 0) {
    body['tools'] = request.tools.map((tool) => ({
      name: tool.name,
      ...(tool.description !== undefined ? { description: tool.description } : {}),
      input_schema: tool.parameters,
    }));
    const choice = toAnthropicToolChoice(request.toolChoice, request.parallelToolCalls);
    if (choice) body['tool_choice'] = choice;
  }
  if (request.user !== undefined) body['metadata'] = { user_id: request.user };
  if (request.stream) body['stream'] = true;
  return body;
}

/** Consecutive turns of one role merge: tool results (a user turn) and the user's next text share a message. */
function append(messages: AnthropicMessage[], role: 'user' | 'assistant', blocks: Block[]): void {
  if (blocks.length === 0) return;
  const last = messages[messages.length - 1];
  if (last && last.role === role) last.content.push(...blocks);
  else messages.push({ role, content: blocks });
}

function toBlocks(message: Exclude<ChatMessage, { role: 'system' }>): Block[] {
  switch (message.role) {
    case 'user':
      return message.content.map((part) => {
        if (part.type === 'text') return { type: 'text', text: part.text };
        return part.source.kind === 'url'
          ? { type: 'image', source: { type: 'url', url: part.source.url } }
          : { type: 'image', source: { type: 'base64', media_type: part.source.mediaType, data: part.source.data } };
      });
    case 'assistant': {
      const blocks: Block[] = message.content.length > 0 ? [{ type: 'text', text: message.content }] : [];
      for (const call of message.toolCalls) {
        const input = tryParseJson(call.arguments);
        blocks.push({ type: 'tool_use', id: call.id, name: call.name, input: isObject(input) ? input : {} });
      }
      return blocks;
    }
    case 'tool':
      return [{ type: 'tool_result', tool_use_id: message.toolCallId, content: message.content, ...(message.isError ? { is_error: true } : {}) }];
  }
}

function toAnthropicToolChoice(choice: ToolChoice | undefined, parallel: boolean | undefined): Record<string, unknown> | undefined {
  const disable = parallel === false ? { disable_parallel_tool_use: true } : {};
  if (choice === undefined) return parallel === false ? { type: 'auto', ...disable } : undefined;
  if (choice === 'none') return { type: 'none' };
  if (choice === 'auto') return { type: 'auto', ...disable };
  if (choice === 'required') return { type: 'any', ...disable };
  return { type: 'tool', name: choice.name, ...disable };
}

/** Anthropic has no JSON mode; the best effort is an instruction in the system prompt. */
function responseFormatInstruction(format: ResponseFormat | undefined): string | undefined {
  if (!format || format.type === 'text') return undefined;
  if (format.type === 'json_object') return 'Respond only with a single valid JSON object, without any text before or after it.';
  return `Respond only with a single valid JSON object, without any text before or after it, that conforms to this JSON Schema:\n${JSON.stringify(format.schema)}`;
}
