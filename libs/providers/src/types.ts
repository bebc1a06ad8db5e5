import type { TokenUsage } from '@asc/contracts';
import type { GatewayError, ProviderError } from '@asc/errors';
import type { ClientDialect, ProviderId } from './provider-ids';

export type { ClientDialect, ProviderId };
/** Token usage of one call; `inputTokens` includes cached and cache-write tokens (see `@asc/contracts`). */
export type Usage = TokenUsage;

/**
 * Where a deployment lives. `baseUrl` follows each provider SDK's convention:
 * openai / openai-compatible / mistral: the API root including the version (`https://api.openai.com/v1`);
 * azure-openai: the resource endpoint (`https://my-res.openai.azure.com`);
 * anthropic: the host without `/v1` (`https://api.anthropic.com`). A trailing slash is ignored.
 */
export interface DeploymentTarget {
  provider: ProviderId;
  baseUrl: string;
  upstreamModel: string;
  apiKey?: string;
  /** Azure only, e.g. `2024-10-21`. */
  apiVersion?: string;
}

export interface UpstreamRequest {
  url: string;
  method: 'POST';
  headers: Record<string, string>;
  body: string;
}

export interface UpstreamErrorResponse {
  status: number;
  bodyText: string;
  headers: Record<string, string | string[] | undefined>;
}

/** Per request; not thread-safe; holds typed per-request state. */
export interface ChatExchange {
  readonly stream: boolean;
  readonly request: UpstreamRequest;
  /** Unary: upstream 2xx body -> client-dialect body + usage. Throws ProviderError on an unreadable body. */
  decodeResponse(bodyText: string): { body: string; usage: Usage };
  /** Upstream non-2xx -> ProviderError with the gateway's status mapping and a message safe for clients. */
  decodeError(args: UpstreamErrorResponse): ProviderError;
  /** Streaming: one translator per response. */
  createStreamTranslator(): StreamTranslator;
}

/** Per stream; not thread-safe. */
export interface StreamTranslator {
  /** Upstream bytes in, client-dialect SSE bytes out (possibly ''), to be written immediately. */
  push(chunk: Buffer | string): string;
  /**
   * Upstream ended normally. `complete: false` when the provider's terminal event never came (or it sent an
   * error event): the caller treats that as an interruption and calls `fail()` for the closing bytes.
   */
  end(): { tail: string; usage: Usage; complete: boolean };
  /**
   * Upstream failed mid-stream: the client-dialect error event (OpenAI `data: {"error":...}` without `[DONE]`,
   * Anthropic `event: error` without `message_stop`) and the best usage known. The tail is '' if the stream
   * already ended with a terminal or error event.
   */
  fail(error: GatewayError): { tail: string; usage: Usage };
}

/** Per request. OpenAI dialect only. */
export interface EmbeddingsExchange {
  readonly request: UpstreamRequest;
  decodeResponse(bodyText: string): { body: string; usage: Usage };
  decodeError(args: UpstreamErrorResponse): ProviderError;
}

export interface RenderedError {
  status: number;
  headers: Record<string, string>;
  body: string;
}
