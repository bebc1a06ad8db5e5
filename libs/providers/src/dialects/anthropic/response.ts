/**
 * Canonical response -> Anthropic message body (https://docs.anthropic.com/en/api/messages):
 * `{"id","type":"message","role":"assistant","model","content":[{"type":"text","text"},{"type":"tool_use","id",
 * "name","input"}],"stop_reason","stop_sequence","usage":{"input_tokens","cache_creation_input_tokens",
 * "cache_read_input_tokens","output_tokens"}}`.
 */
import type { ChatResponse } from '@asc/contracts';
import { toAnthropicStopReason } from '../../anthropic/finish-reason';
import { toAnthropicUsage } from '../../anthropic/usage';
import { isObject, tryParseJson } from '../../shared/json';

export function toAnthropicResponse(args: { response: ChatResponse; clientModel: string }): string {
  const { response } = args;
  const content: Record<string, unknown>[] = [];
  if (response.text.length > 0 || response.toolCalls.length === 0) content.push({ type: 'text', text: response.text });
  for (const call of response.toolCalls) content.push({ type: 'tool_use', id: call.id, name: call.name, input: toolInput(call.arguments) });
  return JSON.stringify({
    id: response.id,
    type: 'message',
    role: 'assistant',
    model: args.clientModel,
    content,
    stop_reason: toAnthropicStopReason(response.finishReason, response.stopSequence),
    stop_sequence: response.stopSequence ?? null,
    usage: toAnthropicUsage(response.usage),
  });
}

/** Anthropic's `input` is an object; a model that produced broken JSON arguments gets `{}`. */
export function toolInput(args: string): Record<string, unknown> {
  const parsed = tryParseJson(args.length > 0 ? args : '{}');
  return isObject(parsed) ? parsed : {};
}
