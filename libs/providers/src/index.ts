// The only public entry of @asc/providers: pure translators between client dialects and provider APIs.
export { PROVIDER_IDS, CLIENT_DIALECTS, isProviderId, type ProviderId, type ClientDialect } from './provider-ids';
export type {
  Usage,
  DeploymentTarget,
  UpstreamRequest,
  UpstreamErrorResponse,
  ChatExchange,
  StreamTranslator,
  EmbeddingsExchange,
  RenderedError,
} from './types';
export { prepareChat } from './prepare-chat';
export { prepareEmbeddings } from './prepare-embeddings';
export { renderError } from './render-error';
export { ANTHROPIC_VERSION } from './anthropic/descriptor';
export { DEFAULT_MAX_TOKENS } from './anthropic/request';
export { AZURE_DEFAULT_API_VERSION } from './azure-openai/descriptor';
