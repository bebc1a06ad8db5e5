/**
 * Cross-dialect chat (OpenAI client -> Anthropic or Mistral, Anthropic client -> OpenAI family): client JSON ->
 * canonical request -> provider body; provider response or stream -> canonical -> client dialect. The pairs never
 * know each other: any dialect codec works with any provider adapter. Created per request, not thread-safe.
 */
import type { ChatStreamEvent } from '@asc/contracts';
import { ProviderError, type GatewayError } from '@asc/errors';
import { ChatStreamFold, SseParser } from '@asc/streaming';
import type { ProviderAdapter, ProviderStreamDecoder } from '../adapter';
import type { ClientStreamEncoder, DialectCodec } from '../dialects/codec';
import { tryParseJson } from '../shared/json';
import { estimateInputTokens, estimatedUsage, tokensFromChars } from '../shared/usage-estimate';
import type { ChatExchange, DeploymentTarget, StreamTranslator, UpstreamErrorResponse, UpstreamRequest, Usage } from '../types';

export class CanonicalChatExchange implements ChatExchange {
  readonly stream: boolean;
  readonly request: UpstreamRequest;
  private readonly includeUsage: boolean;

  constructor(private readonly args: { adapter: ProviderAdapter; codec: DialectCodec; body: Record<string, unknown>; target: DeploymentTarget; clientModel: string }) {
    const request = args.codec.parseRequest({ body: args.body, upstreamModel: args.target.upstreamModel });
    this.stream = request.stream;
    this.includeUsage = request.streamIncludeUsage;
    const upstream = args.adapter.toProviderRequest({ request, target: args.target });
    this.request = args.adapter.chatRequest({ target: args.target, body: JSON.stringify(upstream), stream: this.stream });
  }

  decodeResponse(bodyText: string): { body: string; usage: Usage } {
    const json = tryParseJson(bodyText);
    const response = this.args.adapter.fromProviderResponse(json);
    const usage: Usage =
      response.usage.inputTokens === 0 && response.usage.outputTokens === 0
        ? estimatedUsage({ reported: {}, estimateInputTokens: () => estimateInputTokens(this.args.body), estimatedOutputTokens: tokensFromChars(response.text.length) })
        : response.usage;
    return { body: this.args.codec.encodeResponse({ response, clientModel: this.args.clientModel }), usage };
  }

  decodeError(response: UpstreamErrorResponse): ProviderError {
    return this.args.adapter.decodeError({ response, target: this.args.target, clientModel: this.args.clientModel });
  }

  createStreamTranslator(): StreamTranslator {
    return new CanonicalStreamTranslator({
      decoder: this.args.adapter.createStreamDecoder(),
      encoder: this.args.codec.createStreamEncoder({ clientModel: this.args.clientModel, includeUsage: this.includeUsage }),
      provider: this.args.adapter.id,
      body: this.args.body,
    });
  }
}

/** Upstream SSE -> provider decoder -> fold (for usage) + client encoder. */
class CanonicalStreamTranslator implements StreamTranslator {
  private readonly parser = new SseParser();
  private readonly fold = new ChatStreamFold();
  private terminated = false;

  constructor(private readonly stages: { decoder: ProviderStreamDecoder; encoder: ClientStreamEncoder; provider: string; body: Record<string, unknown> }) {}

  push(chunk: Buffer | string): string {
    let out = '';
    for (const event of this.parser.push(chunk)) {
      for (const canonical of this.stages.decoder.decode(event)) out += this.apply(canonical);
    }
    return out;
  }

  end(): { tail: string; usage: Usage; complete: boolean } {
    let tail = '';
    for (const event of this.parser.flush()) {
      for (const canonical of this.stages.decoder.decode(event)) tail += this.apply(canonical);
    }
    return { tail, usage: this.usage(), complete: this.fold.hasEnded };
  }

  fail(error: GatewayError): { tail: string; usage: Usage } {
    const tail = this.terminated ? '' : this.stages.encoder.fail(error);
    this.terminated = true;
    return { tail, usage: this.usage() };
  }

  private apply(event: ChatStreamEvent): string {
    if (this.terminated) return '';
    this.fold.apply(event);
    if (event.type === 'error') {
      // The provider's own error event: render it in the client's dialect; nothing may follow it.
      const error = new ProviderError({ provider: this.stages.provider, upstreamStatus: event.status, message: safeStreamMessage(event) });
      this.terminated = true;
      return this.stages.encoder.fail(error);
    }
    const out = this.stages.encoder.encode(event);
    if (event.type === 'end') this.terminated = true;
    return out;
  }

  private usage(): Usage {
    const reported = this.fold.reportedUsage();
    if (this.fold.hasUsage && this.fold.hasEnded) return reported;
    const { source: _source, ...partial } = reported;
    const known = this.fold.hasUsage ? { ...partial, outputTokens: this.fold.hasEnded ? partial.outputTokens : 0 } : {};
    return estimatedUsage({ reported: known, estimateInputTokens: () => estimateInputTokens(this.stages.body), estimatedOutputTokens: tokensFromChars(this.fold.generatedChars) });
  }
}

function safeStreamMessage(event: Extract<ChatStreamEvent, { type: 'error' }>): string {
  if (event.errorType === 'overloaded_error' || event.status === 529) return 'The upstream provider is overloaded; retry later.';
  if (event.status === 429) return 'The upstream provider is rate limiting requests for this model; retry later.';
  return 'The upstream provider failed while streaming.';
}
