/**
 * Anthropic Messages SSE -> canonical events (https://docs.anthropic.com/en/api/messages-streaming):
 * `event: message_start` {message:{id,model,usage}} -> `content_block_start` {index, content_block:{type:"text"|
 * "tool_use",id?,name?}} -> `content_block_delta` {index, delta:{type:"text_delta",text}|{type:"input_json_delta",
 * partial_json}} -> `content_block_stop` -> `message_delta` {delta:{stop_reason,stop_sequence}, usage:{output_tokens,…}}
 * -> `message_stop`; `ping` anywhere; `event: error` {error:{type,message}} on failure.
 * Used on the canonical path only; the Anthropic passthrough never parses content chunks.
 */
import type { ChatStreamEvent } from '@asc/contracts';
import type { SseEvent } from '@asc/streaming';
import type { ProviderStreamDecoder } from '../adapter';
import { asObject, asString, tryParseJson } from '../shared/json';
import { statusOfAnthropicErrorType } from './errors';
import { fromAnthropicStopReason } from './finish-reason';
import { fromAnthropicUsage } from './usage';

export class AnthropicStreamDecoder implements ProviderStreamDecoder {
  /** Content block index -> tool call index (tool calls count from 0 among tool_use blocks only). */
  private readonly toolIndexOfBlock = new Map<number, number>();

  decode(event: SseEvent): ChatStreamEvent[] {
    if (event.event === 'ping') return [];
    const data = asObject(tryParseJson(event.data));
    if (!data) return [];
    const type = event.event ?? asString(data['type']);
    switch (type) {
      case 'message_start': {
        const message = asObject(data['message']);
        const out: ChatStreamEvent[] = [
          { type: 'start', id: asString(message?.['id']) ?? '', model: asString(message?.['model']) ?? '', created: Math.floor(Date.now() / 1000) },
        ];
        const usage = fromAnthropicUsage(message?.['usage']);
        if (usage) out.push({ type: 'usage', usage });
        return out;
      }
      case 'content_block_start': {
        const block = asObject(data['content_block']);
        const index = Number(data['index']);
        if (block?.['type'] === 'tool_use') {
          const toolIndex = this.toolIndexOfBlock.size;
          this.toolIndexOfBlock.set(index, toolIndex);
          return [{ type: 'tool-call-start', index: toolIndex, id: asString(block['id']) ?? '', name: asString(block['name']) ?? '' }];
        }
        const text = block?.['type'] === 'text' ? asString(block['text']) : undefined;
        return text ? [{ type: 'text-delta', text }] : [];
      }
      case 'content_block_delta': {
        const delta = asObject(data['delta']);
        if (delta?.['type'] === 'text_delta') {
          const text = asString(delta['text']) ?? '';
          return text ? [{ type: 'text-delta', text }] : [];
        }
        if (delta?.['type'] === 'input_json_delta') {
          const toolIndex = this.toolIndexOfBlock.get(Number(data['index']));
          const partial = asString(delta['partial_json']) ?? '';
          return toolIndex !== undefined && partial ? [{ type: 'tool-call-delta', index: toolIndex, argumentsDelta: partial }] : [];
        }
        return [];
      }
      case 'message_delta': {
        const delta = asObject(data['delta']);
        const out: ChatStreamEvent[] = [];
        const usage = fromAnthropicUsage(data['usage']);
        if (usage) out.push({ type: 'usage', usage });
        if (delta && delta['stop_reason'] != null) {
          const stopSequence = asString(delta['stop_sequence']);
          out.push({ type: 'finish', finishReason: fromAnthropicStopReason(delta['stop_reason']), ...(stopSequence !== undefined ? { stopSequence } : {}) });
        }
        return out;
      }
      case 'message_stop':
        return [{ type: 'end' }];
      case 'error': {
        const error = asObject(data['error']);
        const errorType = asString(error?.['type']) ?? 'api_error';
        return [{ type: 'error', status: statusOfAnthropicErrorType(errorType), errorType, message: asString(error?.['message']) ?? 'The upstream stream failed.' }];
      }
      default:
        return [];
    }
  }
}
