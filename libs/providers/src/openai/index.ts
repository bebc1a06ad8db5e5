import { createOpenAiCompatibleAdapter } from '../openai-compatible/adapter';

/** OpenAI itself (https://platform.openai.com/docs/api-reference/chat): `max_tokens` is deprecated there. */
export const openAiAdapter = createOpenAiCompatibleAdapter({ id: 'openai', passthrough: true, request: { maxTokensField: 'max_completion_tokens' } });
