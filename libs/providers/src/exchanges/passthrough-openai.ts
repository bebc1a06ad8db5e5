/**
 * OpenAI client -> OpenAI-family provider (openai, azure-openai, openai-compatible): the hot path. The body passes
 * through with only `model` changed; responses get only `model` rewritten to the client's name. Like
 * envoyproxy/ai-gateway `openai_openai.go`, there is no canonical round trip.
 *
 * Usage: streams always ask upstream for `stream_options.include_usage`. If the client did not, the gateway strips
 * what that adds, the `"usage":null` member of every chunk and the final `{"choices":[],"usage":{…}}` chunk, so the
 * client receives what it would have received without the gateway. Content chunks are never JSON-parsed: only the
 * chunk carrying a usage object is (once per stream). Created per request, not thread-safe.
 */
import type { TokenUsage } from '@asc/contracts';
import { ProviderError, type GatewayError } from '@asc/errors';
import { encodeSseEvent } from '@asc/streaming';
import { SsePassthroughStream } from './sse-passthrough-stream';
import type { ProviderAdapter } from '../adapter';
import { openAiStreamError } from '../dialects/openai/errors';
import { fromOpenAiUsage } from '../openai-compatible/usage';
import { asArray, asObject, isObject, tryParseJson } from '../shared/json';
import { hasUsageObject, replaceFirstStringField, stripNullUsage, usageObjectText } from '../shared/string-fields';
import { estimateInputTokens, estimatedUsage } from '../shared/usage-estimate';
import type { ChatExchange, DeploymentTarget, StreamTranslator, UpstreamErrorResponse, UpstreamRequest, Usage } from '../types';

export class OpenAiPassthroughExchange implements ChatExchange {
  readonly stream: boolean;
  readonly request: UpstreamRequest;
  /** True when the gateway added `include_usage` and must hide its effects from the client. */
  private readonly injectedUsage: boolean;

  constructor(private readonly args: { adapter: ProviderAdapter; body: Record<string, unknown>; target: DeploymentTarget; clientModel: string }) {
    const { body, target } = args;
    this.stream = body['stream'] === true;
    const upstream: Record<string, unknown> = { ...body, model: target.upstreamModel };
    const streamOptions = asObject(body['stream_options']);
    this.injectedUsage = this.stream && streamOptions?.['include_usage'] !== true;
    if (this.injectedUsage) upstream['stream_options'] = { ...streamOptions, include_usage: true };
    this.request = args.adapter.chatRequest({ target, body: JSON.stringify(upstream), stream: this.stream });
  }

  decodeResponse(bodyText: string): { body: string; usage: Usage } {
    const usage = fromOpenAiUsage(this.usageMember(bodyText));
    return {
      body: replaceFirstStringField(bodyText, 'model', this.args.clientModel),
      usage: usage
        ? { ...usage, source: 'reported' }
        : estimatedUsage({ reported: {}, estimateInputTokens: () => estimateInputTokens(this.args.body), estimatedOutputTokens: 0 }),
    };
  }

  /**
   * The response's `usage`, parsing only that member when the body looks like one JSON object (the whole body is
   * passed through unchanged but for `model`, so it need not be parsed); anything else is parsed in full and an
   * unreadable body is a 502.
   */
  private usageMember(bodyText: string): unknown {
    const text = bodyText.trim();
    if (text.startsWith('{') && text.endsWith('}')) {
      const member = usageObjectText(text);
      const usage = member === undefined ? undefined : tryParseJson(member);
      if (usage !== undefined) return usage;
    }
    const json = asObject(tryParseJson(bodyText));
    if (!json) {
      throw new ProviderError({ provider: this.args.adapter.id, upstreamStatus: 502, message: 'The upstream provider returned an unreadable response.', upstreamBody: bodyText });
    }
    return json['usage'];
  }

  decodeError(response: UpstreamErrorResponse): ProviderError {
    return this.args.adapter.decodeError({ response, target: this.args.target, clientModel: this.args.clientModel });
  }

  createStreamTranslator(): StreamTranslator {
    return new OpenAiPassthroughStream({ injectedUsage: this.injectedUsage, clientModel: this.args.clientModel, body: this.args.body });
  }
}

class OpenAiPassthroughStream extends SsePassthroughStream {
  private usage: Omit<TokenUsage, 'source'> | undefined;
  /** OpenAI-family servers send about one token per content chunk, so chunks counted estimate output tokens. */
  private chunks = 0;

  constructor(private readonly options: { injectedUsage: boolean; clientModel: string; body: Record<string, unknown> }) {
    super();
  }

  protected errorEvent(error: GatewayError): string {
    return openAiStreamError(error);
  }

  protected forward(name: string | undefined, data: string): string {
    if (this.done || this.errored) return '';
    if (data === '[DONE]') {
      this.done = true;
      return encodeSseEvent({ ...(name !== undefined ? { event: name } : {}), data });
    }
    // OpenAI's error chunk, or vLLM's `{"object":"error",...}`: forwarded, and the stream counts as failed.
    if (data.startsWith('{"error"') || data.startsWith('{"object":"error"')) this.errored = true;
    let payload = data;
    if (hasUsageObject(payload)) {
      const kept = this.takeUsage(payload);
      if (kept === undefined) return '';
      payload = kept;
    } else if (this.options.injectedUsage) {
      payload = stripNullUsage(payload);
    }
    this.chunks++;
    payload = replaceFirstStringField(payload, 'model', this.options.clientModel);
    return encodeSseEvent({ ...(name !== undefined ? { event: name } : {}), data: payload });
  }

  /** Records the usage; returns the chunk to forward (undefined: drop it, it exists only because we asked). */
  private takeUsage(payload: string): string | undefined {
    const json = asObject(tryParseJson(payload));
    if (!json) return payload;
    const usage = fromOpenAiUsage(json['usage']);
    if (usage) this.usage = usage;
    if (!this.options.injectedUsage) return payload;
    if (asArray(json['choices']).length === 0) return undefined;
    // Some compatible servers put usage on the last content chunk: keep the chunk, hide the usage.
    const { usage: _hidden, ...rest } = json;
    return isObject(rest) ? JSON.stringify(rest) : payload;
  }

  protected bestUsage(): Usage {
    if (this.usage) return { ...this.usage, source: 'reported' };
    return estimatedUsage({ reported: {}, estimateInputTokens: () => estimateInputTokens(this.options.body), estimatedOutputTokens: this.chunks });
  }
}
