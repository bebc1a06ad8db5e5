import { createOpenAiCompatibleAdapter } from '../openai-compatible/adapter';
import { extractMistralError } from './errors';
import { toMistralToolCallId } from './tool-call-id';

/**
 * Mistral chat (https://docs.mistral.ai/api/#tag/chat): OpenAI-shaped, with these differences.
 * No `stream_options` (usage always arrives in the last chunk), `tool_choice: "any"` for "must call a tool",
 * `random_seed` for `seed`, no `user`, tool call ids of 9 alphanumerics, its own error bodies. Because of the
 * tool ids and parameter names, OpenAI clients reach it through the canonical path, which also drops every
 * parameter Mistral does not know.
 */
export const mistralAdapter = createOpenAiCompatibleAdapter({
  id: 'mistral',
  passthrough: false,
  request: {
    maxTokensField: 'max_tokens',
    streamUsage: 'always',
    requiredToolChoice: 'any',
    seedField: 'random_seed',
    supportsUser: false,
    toolCallId: toMistralToolCallId,
  },
  extractError: extractMistralError,
});
