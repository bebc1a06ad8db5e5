/**
 * Anthropic message body -> canonical response (https://docs.anthropic.com/en/api/messages):
 * `{id, type:"message", role:"assistant", model, content:[{type:"text",text}|{type:"tool_use",id,name,input}|…],
 *   stop_reason, stop_sequence, usage}`. Thinking and server-tool blocks are not carried over.
 */
import type { ChatResponse, ToolCall } from '@asc/contracts';
import { asArray, asObject, asString } from '../shared/json';
import { fromAnthropicStopReason } from './finish-reason';
import { fromAnthropicUsage } from './usage';

export function fromAnthropicResponse(json: unknown): ChatResponse | undefined {
  const body = asObject(json);
  if (!body || !Array.isArray(body['content'])) return undefined;
  let text = '';
  const toolCalls: ToolCall[] = [];
  for (const item of asArray(body['content'])) {
    const block = asObject(item);
    if (block?.['type'] === 'text') text += asString(block['text']) ?? '';
    else if (block?.['type'] === 'tool_use') {
      toolCalls.push({ id: asString(block['id']) ?? '', name: asString(block['name']) ?? '', arguments: JSON.stringify(block['input'] ?? {}) });
    }
  }
  const usage = fromAnthropicUsage(body['usage']) ?? {};
  const response: ChatResponse = {
    id: asString(body['id']) ?? '',
    model: asString(body['model']) ?? '',
    created: Math.floor(Date.now() / 1000),
    text,
    toolCalls,
    finishReason: fromAnthropicStopReason(body['stop_reason']),
    usage: {
      inputTokens: usage.inputTokens ?? 0,
      outputTokens: usage.outputTokens ?? 0,
      cachedInputTokens: usage.cachedInputTokens ?? 0,
      cacheWriteInputTokens: usage.cacheWriteInputTokens ?? 0,
      source: 'reported',
    },
  };
  const stopSequence = asString(body['stop_sequence']);
  if (stopSequence !== undefined) response.stopSequence = stopSequence;
  return response;
}
