import type { ChatRequest, ChatResponse, ChatStreamEvent } from '@asc/contracts';
import type { ProviderError } from '@asc/errors';
import type { SseEvent } from '@asc/streaming';
import type { ClientDialect, DeploymentTarget, ProviderId, UpstreamErrorResponse, UpstreamRequest } from './types';

/** Decodes one provider's SSE events into canonical events. Created per stream, not thread-safe. */
export interface ProviderStreamDecoder {
  decode(event: SseEvent): ChatStreamEvent[];
}

/**
 * One provider, as the exchanges see it. Adapters are stateless objects listed in `registry.ts`; per-stream
 * state lives in the decoder each call to `createStreamDecoder` returns.
 */
export interface ProviderAdapter {
  readonly id: ProviderId;
  /** The client dialect this provider speaks natively. */
  readonly nativeDialect: ClientDialect;
  /** Same-dialect clients are passed through unchanged (apart from model and usage); false forces the canonical path. */
  readonly passthrough: boolean;
  chatRequest(args: { target: DeploymentTarget; body: string; stream: boolean }): UpstreamRequest;
  /** Undefined when the provider has no embeddings endpoint. */
  embeddingsRequest?(args: { target: DeploymentTarget; body: string }): UpstreamRequest;
  /** Canonical request -> provider JSON body. */
  toProviderRequest(args: { request: ChatRequest; target: DeploymentTarget }): Record<string, unknown>;
  /** Provider unary JSON -> canonical response (throws ProviderError when the body is unusable). */
  fromProviderResponse(json: unknown): ChatResponse;
  createStreamDecoder(): ProviderStreamDecoder;
  decodeError(args: { response: UpstreamErrorResponse; target: DeploymentTarget; clientModel: string }): ProviderError;
}
