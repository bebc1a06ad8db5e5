import { ProviderError } from '@asc/errors';
import type { ProviderAdapter } from '../adapter';
import type { DeploymentTarget, ProviderId, UpstreamRequest } from '../types';
import { openAiChatRequest, openAiEmbeddingsRequest } from './descriptor';
import { decodeOpenAiFamilyError, extractOpenAiError, type ExtractedError } from './errors';
import { toOpenAiRequest, type OpenAiRequestOptions } from './request';
import { fromOpenAiResponse } from './response';
import { OpenAiStreamDecoder } from './stream';

/**
 * The base of every OpenAI-shaped provider (vercel/ai `openai-compatible` style): each provider states its
 * differences explicitly as overrides; nothing is copied and then deleted.
 */
export interface OpenAiCompatibleOverrides {
  id: ProviderId;
  /** Mistral differs enough (tool ids, usage in the last chunk) that OpenAI clients go through the canonical path. */
  passthrough: boolean;
  request: Partial<OpenAiRequestOptions>;
  chatRequest?: (args: { target: DeploymentTarget; body: string; stream: boolean }) => UpstreamRequest;
  embeddingsRequest?: (args: { target: DeploymentTarget; body: string }) => UpstreamRequest;
  extractError?: (bodyText: string) => ExtractedError;
}

export const OPENAI_REQUEST_DEFAULTS: OpenAiRequestOptions = {
  maxTokensField: 'max_tokens',
  streamUsage: 'stream_options',
  requiredToolChoice: 'required',
  seedField: 'seed',
  supportsUser: true,
  toolCallId: (id) => id,
};

export function createOpenAiCompatibleAdapter(overrides: OpenAiCompatibleOverrides): ProviderAdapter {
  const options: OpenAiRequestOptions = { ...OPENAI_REQUEST_DEFAULTS, ...overrides.request };
  const extract = overrides.extractError ?? extractOpenAiError;
  return {
    id: overrides.id,
    nativeDialect: 'openai',
    passthrough: overrides.passthrough,
    chatRequest: overrides.chatRequest ?? openAiChatRequest,
    embeddingsRequest: overrides.embeddingsRequest ?? openAiEmbeddingsRequest,
    toProviderRequest: ({ request, target }) => toOpenAiRequest({ request, model: target.upstreamModel, options }),
    fromProviderResponse: (json) => {
      const response = fromOpenAiResponse(json);
      if (!response) {
        throw new ProviderError({ provider: overrides.id, upstreamStatus: 502, message: 'The upstream provider returned an unreadable response.', upstreamBody: JSON.stringify(json) ?? '' });
      }
      return response;
    },
    createStreamDecoder: () => new OpenAiStreamDecoder(),
    decodeError: ({ response, target, clientModel }) => decodeOpenAiFamilyError({ provider: overrides.id, response, target, clientModel, extract }),
  };
}
