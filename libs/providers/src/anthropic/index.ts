import { ProviderError } from '@asc/errors';
import type { ProviderAdapter } from '../adapter';
import { anthropicChatRequest } from './descriptor';
import { decodeAnthropicError } from './errors';
import { toAnthropicRequest } from './request';
import { fromAnthropicResponse } from './response';
import { AnthropicStreamDecoder } from './stream';

/** Anthropic Messages API. No embeddings endpoint. */
export const anthropicAdapter: ProviderAdapter = {
  id: 'anthropic',
  nativeDialect: 'anthropic',
  passthrough: true,
  chatRequest: anthropicChatRequest,
  toProviderRequest: ({ request, target }) => toAnthropicRequest({ request, model: target.upstreamModel }),
  fromProviderResponse: (json) => {
    const response = fromAnthropicResponse(json);
    if (!response) {
      throw new ProviderError({ provider: 'anthropic', upstreamStatus: 502, message: 'The upstream provider returned an unreadable response.', upstreamBody: JSON.stringify(json) ?? '' });
    }
    return response;
  },
  createStreamDecoder: () => new AnthropicStreamDecoder(),
  decodeError: decodeAnthropicError,
};
