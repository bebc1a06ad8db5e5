/**
 * OpenTelemetry GenAI semantic conventions (status: Development), attribute names as of semconv 1.37+:
 * https://opentelemetry.io/docs/specs/semconv/gen-ai/gen-ai-spans/ and the attribute registry
 * https://opentelemetry.io/docs/specs/semconv/registry/attributes/gen-ai/.
 * Copied here rather than imported from `@opentelemetry/semantic-conventions/incubating`, as that entry point
 * recommends: incubating names may change in any minor release, and a copy pins what our dashboards read.
 */
export const GEN_AI = {
  operationName: 'gen_ai.operation.name',
  providerName: 'gen_ai.provider.name',
  /** Deprecated predecessor of `gen_ai.provider.name` (semconv <= 1.36); still read by many backends. */
  system: 'gen_ai.system',
  requestModel: 'gen_ai.request.model',
  requestStream: 'gen_ai.request.stream',
  requestMaxTokens: 'gen_ai.request.max_tokens',
  responseModel: 'gen_ai.response.model',
  responseId: 'gen_ai.response.id',
  responseFinishReasons: 'gen_ai.response.finish_reasons',
  /** Seconds from the request to the first streamed chunk. */
  responseTimeToFirstChunk: 'gen_ai.response.time_to_first_chunk',
  usageInputTokens: 'gen_ai.usage.input_tokens',
  usageOutputTokens: 'gen_ai.usage.output_tokens',
  usageCacheReadInputTokens: 'gen_ai.usage.cache_read.input_tokens',
} as const;

/** `gen_ai.operation.name` well-known values used by ASC. */
export type GenAiOperation = 'chat' | 'text_completion' | 'embeddings' | 'generate_content';

/** Span event marking the first streamed chunk (the attribute above carries the same time as a duration). */
export const GEN_AI_FIRST_CHUNK_EVENT = 'gen_ai.first_chunk';

/**
 * ASC provider ids -> `gen_ai.provider.name` well-known values. Unknown ids pass through unchanged,
 * as the registry allows for providers it does not list.
 */
const PROVIDER_NAMES: Readonly<Record<string, string>> = {
  openai: 'openai',
  anthropic: 'anthropic',
  azure: 'azure.ai.openai',
  'azure-openai': 'azure.ai.openai',
  bedrock: 'aws.bedrock',
  'aws-bedrock': 'aws.bedrock',
  vertex: 'gcp.vertex_ai',
  gemini: 'gcp.gemini',
  mistral: 'mistral_ai',
  cohere: 'cohere',
  groq: 'groq',
  deepseek: 'deepseek',
  xai: 'x_ai',
  perplexity: 'perplexity',
};

export function genAiProviderName(provider: string): string {
  return PROVIDER_NAMES[provider] ?? provider;
}
