/**
 * OpenAI `chat.completion` body -> canonical response
 * (https://platform.openai.com/docs/api-reference/chat/object):
 * `{id, object:"chat.completion", created, model, choices:[{index, message:{role, content, tool_calls?},
 *   finish_reason}], usage}`. Only the first choice is read (the canonical path rejects `n > 1`).
 */
import type { ChatResponse, ToolCall } from '@asc/contracts';
import { asArray, asNumber, asObject, asString } from '../shared/json';
import { fromOpenAiFinishReason } from './finish-reason';
import { fromOpenAiUsage } from './usage';

/** Returns undefined when the body does not look like a chat completion. */
export function fromOpenAiResponse(json: unknown): ChatResponse | undefined {
  const body = asObject(json);
  const choice = asObject(asArray(body?.['choices'])[0]);
  const message = asObject(choice?.['message']);
  if (!body || !message) return undefined;
  const toolCalls: ToolCall[] = [];
  for (const item of asArray(message['tool_calls'])) {
    const call = asObject(item);
    const fn = asObject(call?.['function']);
    if (!call || !fn) continue;
    toolCalls.push({ id: asString(call['id']) ?? '', name: asString(fn['name']) ?? '', arguments: asString(fn['arguments']) ?? '' });
  }
  return {
    id: asString(body['id']) ?? '',
    model: asString(body['model']) ?? '',
    created: asNumber(body['created']) ?? Math.floor(Date.now() / 1000),
    text: textOf(message['content']),
    toolCalls,
    finishReason: fromOpenAiFinishReason(choice?.['finish_reason']),
    usage: { ...(fromOpenAiUsage(body['usage']) ?? { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, cacheWriteInputTokens: 0 }), source: 'reported' },
  };
}

/** Content is a string, null, or (Mistral, some servers) an array of `{type:"text",text}` parts. */
export function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  let text = '';
  for (const part of asArray(content)) {
    const value = asString(asObject(part)?.['text']);
    if (value !== undefined) text += value;
  }
  return text;
}
