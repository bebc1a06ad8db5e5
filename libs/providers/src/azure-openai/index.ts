import { createOpenAiCompatibleAdapter } from '../openai-compatible/adapter';
import { azureChatRequest, azureEmbeddingsRequest } from './descriptor';

/** Azure OpenAI: OpenAI's wire format behind deployment URLs and an `api-key` header. */
export const azureOpenAiAdapter = createOpenAiCompatibleAdapter({
  id: 'azure-openai',
  passthrough: true,
  request: { maxTokensField: 'max_completion_tokens' },
  chatRequest: azureChatRequest,
  embeddingsRequest: azureEmbeddingsRequest,
});
