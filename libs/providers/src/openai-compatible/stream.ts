/**
 * OpenAI `chat.completion.chunk` SSE -> canonical events
 * (https://platform.openai.com/docs/api-reference/chat-streaming/streaming):
 * `data: {"id","object":"chat.completion.chunk","created","model","choices":[{"index":0,"delta":{"role"?,
 * "content"?,"tool_calls"?:[{"index","id"?,"type"?,"function":{"name"?,"arguments"?}}]},"finish_reason"}],
 * "usage":null|{...}}` ... `data: [DONE]`. A failure mid-stream arrives as `data: {"error":{...}}` (OpenAI) or
 * `data: {"object":"error","message",...}` (Mistral, vLLM).
 * Used on the canonical path only (the passthrough never parses content chunks).
 */
import type { ChatStreamEvent } from '@asc/contracts';
import type { SseEvent } from '@asc/streaming';
import type { ProviderStreamDecoder } from '../adapter';
import { asArray, asNumber, asObject, asString, tryParseJson } from '../shared/json';
import { fromOpenAiFinishReason } from './finish-reason';
import { textOf } from './response';
import { fromOpenAiUsage } from './usage';

export class OpenAiStreamDecoder implements ProviderStreamDecoder {
  private started = false;
  /** Tool call indexes whose start (id + name) was already reported. */
  private readonly startedTools = new Set<number>();

  decode(event: SseEvent): ChatStreamEvent[] {
    if (event.data === '[DONE]') return [{ type: 'end' }];
    const chunk = asObject(tryParseJson(event.data));
    if (!chunk) return [];
    // OpenAI nests the error under `error`; Mistral and vLLM send `{"object":"error","message",...}`.
    const error = asObject(chunk['error']) ?? (chunk['object'] === 'error' ? chunk : undefined);
    if (error || event.event === 'error') {
      return [{ type: 'error', status: 502, errorType: asString(error?.['type']) ?? 'api_error', message: asString(error?.['message']) ?? 'The upstream stream failed.' }];
    }
    const out: ChatStreamEvent[] = [];
    const choices = asArray(chunk['choices']);
    // Azure opens with a `prompt_filter_results` chunk that has empty id, model and choices: not the start.
    if (!this.started && choices.length === 0 && chunk['usage'] == null) return out;
    if (!this.started) {
      this.started = true;
      out.push({ type: 'start', id: asString(chunk['id']) ?? '', model: asString(chunk['model']) ?? '', created: asNumber(chunk['created']) ?? Math.floor(Date.now() / 1000) });
    }
    const choice = asObject(choices[0]);
    const delta = asObject(choice?.['delta']);
    if (delta) {
      const text = textOf(delta['content']);
      if (text.length > 0) out.push({ type: 'text-delta', text });
      for (const item of asArray(delta['tool_calls'])) this.toolCall(asObject(item), out);
    }
    const finish = choice?.['finish_reason'];
    if (typeof finish === 'string') out.push({ type: 'finish', finishReason: fromOpenAiFinishReason(finish) });
    const usage = fromOpenAiUsage(chunk['usage']);
    if (usage) out.push({ type: 'usage', usage });
    return out;
  }

  private toolCall(call: Record<string, unknown> | undefined, out: ChatStreamEvent[]): void {
    if (!call) return;
    const fn = asObject(call['function']);
    // Mistral sends whole tool calls without `index`; number them in arrival order.
    const index = asNumber(call['index']) ?? this.startedTools.size;
    if (!this.startedTools.has(index)) {
      this.startedTools.add(index);
      out.push({ type: 'tool-call-start', index, id: asString(call['id']) ?? `call_${index}`, name: asString(fn?.['name']) ?? '' });
    }
    const args = asString(fn?.['arguments']);
    if (args !== undefined && args.length > 0) out.push({ type: 'tool-call-delta', index, argumentsDelta: args });
  }
}
