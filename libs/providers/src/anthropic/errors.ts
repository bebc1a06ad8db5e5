/**
 * Anthropic error body (https://docs.anthropic.com/en/api/errors): `{"type":"error","error":{"type","message"},
 * "request_id"?}`. Status 529 `overloaded_error` becomes 503 through `mapUpstreamStatus`.
 */
import type { ProviderError } from '@asc/errors';
import { toProviderError } from '../shared/provider-error';
import { asObject, asString, tryParseJson } from '../shared/json';
import type { DeploymentTarget, UpstreamErrorResponse } from '../types';

export function extractAnthropicError(bodyText: string): { message: string | undefined; type: string | undefined } {
  const error = asObject(asObject(tryParseJson(bodyText))?.['error']);
  return { message: asString(error?.['message']), type: asString(error?.['type']) };
}

export function decodeAnthropicError(args: { response: UpstreamErrorResponse; target: DeploymentTarget; clientModel: string }): ProviderError {
  const extracted = extractAnthropicError(args.response.bodyText);
  return toProviderError({
    provider: 'anthropic',
    response: args.response,
    upstreamMessage: extracted.message,
    ...(extracted.type !== undefined ? { upstreamType: extracted.type } : {}),
    upstreamModel: args.target.upstreamModel,
    clientModel: args.clientModel,
  });
}

/** Status for an `event: error` mid-stream, from its error type. */
export function statusOfAnthropicErrorType(type: string | undefined): number {
  switch (type) {
    case 'invalid_request_error': return 400;
    case 'authentication_error': return 401;
    case 'permission_error': return 403;
    case 'not_found_error': return 404;
    case 'request_too_large': return 413;
    case 'rate_limit_error': return 429;
    case 'overloaded_error': return 529;
    case 'timeout_error': return 504;
    default: return 500;
  }
}
