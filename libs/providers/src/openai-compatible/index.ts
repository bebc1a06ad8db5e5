import { createOpenAiCompatibleAdapter } from './adapter';

/** Self-hosted OpenAI-compatible servers (vLLM, Ollama, TGI): the base adapter with no overrides. */
export const openAiCompatibleAdapter = createOpenAiCompatibleAdapter({ id: 'openai-compatible', passthrough: true, request: {} });
