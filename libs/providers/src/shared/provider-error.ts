import { ProviderError } from '@asc/errors';
import { headerValue } from './json';
import type { UpstreamErrorResponse } from '../types';

/** Headers worth forwarding to the client from an upstream error (retry hints). */
const FORWARDED_HEADERS = ['retry-after', 'retry-after-ms'] as const;

/**
 * Builds the ProviderError for an upstream non-2xx answer. Only client-caused errors (4xx other than auth and
 * rate limits) expose the provider's message, with the upstream model name replaced by the one the client used;
 * credential failures, rate limits and server errors get a fixed text, because their messages can name the
 * gateway's organisation, keys or deployments.
 */
export function toProviderError(args: {
  provider: string;
  response: UpstreamErrorResponse;
  /** The provider's own message, already extracted from its error body. */
  upstreamMessage: string | undefined;
  /** The provider's error type (`rate_limit_error`, `overloaded_error`…), for logs. */
  upstreamType?: string;
  upstreamModel: string;
  clientModel: string;
}): ProviderError {
  const { status } = args.response;
  const headers: Record<string, string> = {};
  for (const name of FORWARDED_HEADERS) {
    const value = headerValue(args.response.headers, name);
    if (value !== undefined) headers[name] = value;
  }
  return new ProviderError({
    provider: args.provider,
    upstreamStatus: status,
    message: safeMessage(args),
    upstreamBody: args.response.bodyText,
    headers,
  });
}

function safeMessage(args: {
  provider: string;
  response: UpstreamErrorResponse;
  upstreamMessage: string | undefined;
  upstreamType?: string;
  upstreamModel: string;
  clientModel: string;
}): string {
  const { status } = args.response;
  if (status === 401 || status === 403) return 'The upstream provider rejected the gateway credentials for this model.';
  if (status === 429) return 'The upstream provider is rate limiting requests for this model; retry later.';
  if (status === 529 || args.upstreamType === 'overloaded_error') return 'The upstream provider is overloaded; retry later.';
  if (status >= 500) return `The upstream provider failed with status ${status}.`;
  const message = args.upstreamMessage?.trim();
  if (!message) return `The upstream provider rejected the request with status ${status}.`;
  const named = args.upstreamModel && args.upstreamModel !== args.clientModel ? message.split(args.upstreamModel).join(args.clientModel) : message;
  return named.length > 1000 ? `${named.slice(0, 1000)}…` : named;
}
