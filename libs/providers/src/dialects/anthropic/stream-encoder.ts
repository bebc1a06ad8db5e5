/**
 * Canonical events -> Anthropic Messages SSE (https://docs.anthropic.com/en/api/messages-streaming):
 * `event: message_start` -> per content block `content_block_start` / `content_block_delta` (`text_delta` or
 * `input_json_delta`) / `content_block_stop` -> `message_delta` {stop_reason, usage} -> `message_stop`.
 * OpenAI-family providers report usage only at the end, so `message_start` carries `input_tokens: 0` and the
 * full usage goes into `message_delta` (whose counters the Anthropic SDK treats as cumulative totals).
 */
import type { ChatStreamEvent, FinishReason, TokenUsage } from '@asc/contracts';
import type { GatewayError } from '@asc/errors';
import { toAnthropicStopReason } from '../../anthropic/finish-reason';
import { toAnthropicUsage } from '../../anthropic/usage';
import type { ClientStreamEncoder } from '../codec';
import { anthropicStreamError } from './errors';

function sse(type: string, data: Record<string, unknown>): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
}

export class AnthropicStreamEncoder implements ClientStreamEncoder {
  private nextBlock = 0;
  /** The open content block: its index and kind (tool blocks by tool index). */
  private open: { block: number; kind: 'text' } | { block: number; kind: 'tool'; tool: number } | undefined;
  private readonly blockOfTool = new Map<number, number>();
  private finishReason: FinishReason = 'stop';
  private stopSequence: string | undefined;
  private usage: Partial<Omit<TokenUsage, 'source'>> = {};

  constructor(private readonly options: { clientModel: string }) {}

  encode(event: ChatStreamEvent): string {
    switch (event.type) {
      case 'start':
        return sse('message_start', {
          message: {
            id: event.id,
            type: 'message',
            role: 'assistant',
            model: this.options.clientModel,
            content: [],
            stop_reason: null,
            stop_sequence: null,
            usage: { input_tokens: 0, output_tokens: 0 },
          },
        });
      case 'text-delta': {
        let out = '';
        if (this.open?.kind !== 'text') out += this.closeBlock() + this.openBlock({ kind: 'text' }, { type: 'text', text: '' });
        return out + sse('content_block_delta', { index: this.open!.block, delta: { type: 'text_delta', text: event.text } });
      }
      case 'tool-call-start':
        return this.closeBlock() + this.openBlock({ kind: 'tool', tool: event.index }, { type: 'tool_use', id: event.id, name: event.name, input: {} });
      case 'tool-call-delta': {
        const block = this.blockOfTool.get(event.index);
        if (block === undefined) return '';
        return sse('content_block_delta', { index: block, delta: { type: 'input_json_delta', partial_json: event.argumentsDelta } });
      }
      case 'finish':
        this.finishReason = event.finishReason;
        this.stopSequence = event.stopSequence;
        return '';
      case 'usage':
        this.usage = { ...this.usage, ...event.usage };
        return '';
      case 'end': {
        const usage = toAnthropicUsage({
          inputTokens: this.usage.inputTokens ?? 0,
          outputTokens: this.usage.outputTokens ?? 0,
          cachedInputTokens: this.usage.cachedInputTokens ?? 0,
          cacheWriteInputTokens: this.usage.cacheWriteInputTokens ?? 0,
          source: 'reported',
        });
        return (
          this.closeBlock() +
          sse('message_delta', {
            delta: { stop_reason: toAnthropicStopReason(this.finishReason, this.stopSequence), stop_sequence: this.stopSequence ?? null },
            usage,
          }) +
          sse('message_stop', {})
        );
      }
      case 'error':
        return '';
    }
  }

  fail(error: GatewayError): string {
    return anthropicStreamError(error);
  }

  private openBlock(kind: { kind: 'text' } | { kind: 'tool'; tool: number }, contentBlock: Record<string, unknown>): string {
    const block = this.nextBlock++;
    this.open = kind.kind === 'text' ? { block, kind: 'text' } : { block, kind: 'tool', tool: kind.tool };
    if (kind.kind === 'tool') this.blockOfTool.set(kind.tool, block);
    return sse('content_block_start', { index: block, content_block: contentBlock });
  }

  private closeBlock(): string {
    if (!this.open) return '';
    const { block } = this.open;
    this.open = undefined;
    return sse('content_block_stop', { index: block });
  }
}
