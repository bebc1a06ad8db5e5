import type { ProviderAdapter } from './adapter';
import type { ProviderId } from './provider-ids';
import { anthropicAdapter } from './anthropic';
import { azureOpenAiAdapter } from './azure-openai';
import { mistralAdapter } from './mistral';
import { openAiAdapter } from './openai';
import { openAiCompatibleAdapter } from './openai-compatible';

/** Every provider adapter, by id (the one registry, STYLE.md section 2). */
export const PROVIDER_ADAPTERS: Readonly<Record<ProviderId, ProviderAdapter>> = {
  openai: openAiAdapter,
  'azure-openai': azureOpenAiAdapter,
  'openai-compatible': openAiCompatibleAdapter,
  mistral: mistralAdapter,
  anthropic: anthropicAdapter,
};
