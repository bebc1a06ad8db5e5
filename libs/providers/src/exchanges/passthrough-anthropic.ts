/**
 * Anthropic client -> Anthropic provider: the body passes through with only `model` changed
 * (envoyproxy/ai-gateway `anthropic_anthropic.go`). In the stream only `message_start` (model, input usage) and
 * `message_delta` (output usage) are parsed, once each; content deltas are forwarded as they are and only measured
 * for the estimate. Created per request, not thread-safe.
 */
import type { TokenUsage } from '@asc/contracts';
import { ProviderError, type GatewayError } from '@asc/errors';
import { encodeSseEvent } from '@asc/streaming';
import { SsePassthroughStream } from './sse-passthrough-stream';
import type { ProviderAdapter } from '../adapter';
import { fromAnthropicUsage } from '../anthropic/usage';
import { anthropicStreamError } from '../dialects/anthropic/errors';
import { asObject, tryParseJson } from '../shared/json';
import { replaceFirstStringField } from '../shared/string-fields';
import { estimateInputTokens, estimatedUsage, tokensFromChars } from '../shared/usage-estimate';
import type { ChatExchange, DeploymentTarget, StreamTranslator, UpstreamErrorResponse, UpstreamRequest, Usage } from '../types';

/**
 * Characters of generated text in a `content_block_delta` without parsing it: the text (or partial JSON) is the
 * last member, so it runs from after its key to the closing `"}}`. Escapes make this a slight overcount.
 */
function deltaChars(data: string): number {
  let key = data.lastIndexOf('"text":');
  let at = key + 7;
  if (key === -1) {
    key = data.lastIndexOf('"partial_json":');
    if (key === -1) return 0;
    at = key + 15;
  }
  while (data.charCodeAt(at) === 32) at++;
  return Math.max(0, data.length - at - 4);
}

type PartialUsage = Partial<Omit<TokenUsage, 'source'>>;

export class AnthropicPassthroughExchange implements ChatExchange {
  readonly stream: boolean;
  readonly request: UpstreamRequest;

  constructor(private readonly args: { adapter: ProviderAdapter; body: Record<string, unknown>; target: DeploymentTarget; clientModel: string }) {
    this.stream = args.body['stream'] === true;
    const upstream = { ...args.body, model: args.target.upstreamModel };
    this.request = args.adapter.chatRequest({ target: args.target, body: JSON.stringify(upstream), stream: this.stream });
  }

  decodeResponse(bodyText: string): { body: string; usage: Usage } {
    const json = asObject(tryParseJson(bodyText));
    if (!json) {
      throw new ProviderError({ provider: 'anthropic', upstreamStatus: 502, message: 'The upstream provider returned an unreadable response.', upstreamBody: bodyText });
    }
    const usage = fromAnthropicUsage(json['usage']);
    return { body: replaceFirstStringField(bodyText, 'model', this.args.clientModel), usage: complete(usage, () => estimateInputTokens(this.args.body)) };
  }

  decodeError(response: UpstreamErrorResponse): ProviderError {
    return this.args.adapter.decodeError({ response, target: this.args.target, clientModel: this.args.clientModel });
  }

  createStreamTranslator(): StreamTranslator {
    return new AnthropicPassthroughStream({ clientModel: this.args.clientModel, body: this.args.body });
  }
}

/** A full reported usage when the provider gave both counts, else an estimate that keeps what it did give. */
function complete(usage: PartialUsage | undefined, input: () => number, outputChars = 0): Usage {
  if (usage && usage.inputTokens !== undefined && usage.outputTokens !== undefined) {
    return { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, cachedInputTokens: usage.cachedInputTokens ?? 0, cacheWriteInputTokens: usage.cacheWriteInputTokens ?? 0, source: 'reported' };
  }
  return estimatedUsage({ reported: usage ?? {}, estimateInputTokens: input, estimatedOutputTokens: outputChars > 0 ? tokensFromChars(outputChars) : 0 });
}

class AnthropicPassthroughStream extends SsePassthroughStream {
  private usage: PartialUsage = {};
  /** message_start reports a provisional output count; only message_delta's is final. */
  private outputFinal = false;
  private textChars = 0;

  constructor(private readonly options: { clientModel: string; body: Record<string, unknown> }) {
    super();
  }

  protected errorEvent(error: GatewayError): string {
    return anthropicStreamError(error);
  }

  protected forward(name: string | undefined, data: string): string {
    if (this.done || this.errored) return '';
    let payload = data;
    switch (name) {
      case 'content_block_delta':
        this.textChars += deltaChars(data);
        break;
      case 'message_start': {
        const usage = fromAnthropicUsage(asObject(asObject(tryParseJson(data))?.['message'])?.['usage']);
        if (usage) this.usage = { ...this.usage, ...usage };
        payload = replaceFirstStringField(data, 'model', this.options.clientModel);
        break;
      }
      case 'message_delta': {
        const usage = fromAnthropicUsage(asObject(tryParseJson(data))?.['usage']);
        if (usage) {
          this.usage = { ...this.usage, ...usage };
          if (usage.outputTokens !== undefined) this.outputFinal = true;
        }
        break;
      }
      case 'message_stop':
        this.done = true;
        break;
      case 'error':
        this.errored = true;
        break;
    }
    return encodeSseEvent({ ...(name !== undefined ? { event: name } : {}), data: payload });
  }

  protected bestUsage(): Usage {
    const usage = this.outputFinal ? this.usage : { ...this.usage, outputTokens: undefined };
    return complete(usage, () => estimateInputTokens(this.options.body), this.textChars);
  }
}
