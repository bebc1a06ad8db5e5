/**
 * OpenAI-family error bodies -> ProviderError. OpenAI: `{"error":{"message","type","param","code"}}`
 * (https://platform.openai.com/docs/guides/error-codes); Azure uses the same envelope; vLLM answers either that or
 * `{"object":"error","message","type","param","code"}`; Ollama may send `{"error":"text"}`.
 */
import type { ProviderError } from '@asc/errors';
import { toProviderError } from '../shared/provider-error';
import { asObject, asString, tryParseJson } from '../shared/json';
import type { DeploymentTarget, UpstreamErrorResponse } from '../types';

export interface ExtractedError {
  message: string | undefined;
  type: string | undefined;
}

export function extractOpenAiError(bodyText: string): ExtractedError {
  const body = asObject(tryParseJson(bodyText));
  if (!body) return { message: undefined, type: undefined };
  const nested = body['error'];
  if (typeof nested === 'string') return { message: nested, type: undefined };
  const error = asObject(nested) ?? body;
  return { message: asString(error['message']), type: asString(error['type']) };
}

export function decodeOpenAiFamilyError(args: {
  provider: string;
  response: UpstreamErrorResponse;
  target: DeploymentTarget;
  clientModel: string;
  extract: (bodyText: string) => ExtractedError;
}): ProviderError {
  const extracted = args.extract(args.response.bodyText);
  return toProviderError({
    provider: args.provider,
    response: args.response,
    upstreamMessage: extracted.message,
    ...(extracted.type !== undefined ? { upstreamType: extracted.type } : {}),
    upstreamModel: args.target.upstreamModel,
    clientModel: args.clientModel,
  });
}
