/**
 * Canonical events -> OpenAI `chat.completion.chunk` SSE
 * (https://platform.openai.com/docs/api-reference/chat-streaming/streaming):
 * `data: {"id","object":"chat.completion.chunk","created","model","choices":[{"index":0,"delta":{…},
 * "logprobs":null,"finish_reason":null|"stop"|…}]}\n\n` … `data: [DONE]\n\n`. With `include_usage` every chunk
 * carries `"usage":null` and a last chunk `{"choices":[],"usage":{…}}` precedes `[DONE]`, exactly as OpenAI does.
 * Tool calls: first delta `{"tool_calls":[{"index","id","type":"function","function":{"name","arguments":""}}]}`,
 * then `{"tool_calls":[{"index","function":{"arguments":"<piece>"}}]}`.
 */
import type { ChatStreamEvent, TokenUsage } from '@asc/contracts';
import type { GatewayError } from '@asc/errors';
import { toOpenAiFinishReason } from '../../openai-compatible/finish-reason';
import { toOpenAiUsage } from '../../openai-compatible/usage';
import type { ClientStreamEncoder } from '../codec';
import { openAiStreamError } from './errors';

export class OpenAiStreamEncoder implements ClientStreamEncoder {
  private id = '';
  private created = 0;
  private usage: Partial<Omit<TokenUsage, 'source'>> = {};

  constructor(private readonly options: { clientModel: string; includeUsage: boolean }) {}

  encode(event: ChatStreamEvent): string {
    switch (event.type) {
      case 'start':
        this.id = event.id;
        this.created = event.created;
        return this.chunk({ role: 'assistant', content: '' }, null);
      case 'text-delta':
        return this.chunk({ content: event.text }, null);
      case 'tool-call-start':
        return this.chunk({ tool_calls: [{ index: event.index, id: event.id, type: 'function', function: { name: event.name, arguments: '' } }] }, null);
      case 'tool-call-delta':
        return this.chunk({ tool_calls: [{ index: event.index, function: { arguments: event.argumentsDelta } }] }, null);
      case 'finish':
        return this.chunk({}, toOpenAiFinishReason(event.finishReason));
      case 'usage':
        this.usage = { ...this.usage, ...event.usage };
        return '';
      case 'end':
        return (this.options.includeUsage ? this.usageChunk() : '') + 'data: [DONE]\n\n';
      case 'error':
        return ''; // the exchange turns a provider error event into `fail()`
    }
  }

  fail(error: GatewayError): string {
    return openAiStreamError(error);
  }

  private chunk(delta: Record<string, unknown>, finishReason: string | null): string {
    const body: Record<string, unknown> = {
      id: this.id,
      object: 'chat.completion.chunk',
      created: this.created,
      model: this.options.clientModel,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    };
    if (this.options.includeUsage) body['usage'] = null;
    return `data: ${JSON.stringify(body)}\n\n`;
  }

  private usageChunk(): string {
    const usage = toOpenAiUsage({
      inputTokens: this.usage.inputTokens ?? 0,
      outputTokens: this.usage.outputTokens ?? 0,
      cachedInputTokens: this.usage.cachedInputTokens ?? 0,
      cacheWriteInputTokens: this.usage.cacheWriteInputTokens ?? 0,
      source: 'reported',
    });
    const body = { id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.options.clientModel, choices: [], usage };
    return `data: ${JSON.stringify(body)}\n\n`;
  }
}
