import type { ChatRequest, ChatResponse, ChatStreamEvent } from '@asc/contracts';
import type { GatewayError } from '@asc/errors';

/** Canonical events -> client-dialect SSE text. Created per stream, not thread-safe. */
export interface ClientStreamEncoder {
  encode(event: ChatStreamEvent): string;
  /** The closing error event for a stream that failed (no normal terminator follows). */
  fail(error: GatewayError): string;
}

/** A client-facing API dialect, as the canonical exchange uses it. */
export interface DialectCodec {
  /** Client JSON -> canonical request for `upstreamModel`. Throws InvalidRequestError on unusable input. */
  parseRequest(args: { body: Record<string, unknown>; upstreamModel: string }): ChatRequest;
  encodeResponse(args: { response: ChatResponse; clientModel: string }): string;
  createStreamEncoder(args: { clientModel: string; includeUsage: boolean }): ClientStreamEncoder;
}
