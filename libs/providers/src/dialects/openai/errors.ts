/**
 * OpenAI error body: `{"error":{"message":string,"type":string,"param":string|null,"code":string|null}}`
 * (https://platform.openai.com/docs/guides/error-codes). In a stream the same object is sent as one
 * `data:` event and no `[DONE]` follows (the openai SDK throws an APIError on any chunk with an `error` key).
 */
import { GatewayError, type ErrorCode } from '@asc/errors';
import type { RenderedError } from '../../types';

const TYPES: Record<ErrorCode, { type: string; code: string | null }> = {
  INVALID_REQUEST: { type: 'invalid_request_error', code: null },
  INVALID_JSON: { type: 'invalid_request_error', code: 'invalid_json' },
  BODY_TOO_LARGE: { type: 'invalid_request_error', code: 'request_too_large' },
  AUTHENTICATION_FAILED: { type: 'invalid_request_error', code: 'invalid_api_key' },
  PERMISSION_DENIED: { type: 'invalid_request_error', code: 'permission_denied' },
  POLICY_DENIED: { type: 'invalid_request_error', code: 'policy_denied' },
  NOT_FOUND: { type: 'invalid_request_error', code: 'not_found' },
  MODEL_NOT_FOUND: { type: 'invalid_request_error', code: 'model_not_found' },
  RATE_LIMITED: { type: 'rate_limit_error', code: 'rate_limit_exceeded' },
  QUOTA_EXCEEDED: { type: 'insufficient_quota', code: 'insufficient_quota' },
  PROVIDER_ERROR: { type: 'server_error', code: 'provider_error' },
  PROVIDER_TIMEOUT: { type: 'server_error', code: 'provider_timeout' },
  PROVIDER_UNAVAILABLE: { type: 'server_error', code: 'provider_unavailable' },
  STREAM_INTERRUPTED: { type: 'server_error', code: 'stream_interrupted' },
  OVERLOADED: { type: 'server_error', code: 'overloaded' },
  POLICY_UNAVAILABLE: { type: 'server_error', code: 'policy_unavailable' },
  INTERNAL: { type: 'server_error', code: null },
};

/** The text clients see when a message is not safe to expose. */
export function genericMessage(status: number): string {
  if (status === 429) return 'Too many requests.';
  if (status === 503) return 'The service is temporarily unavailable.';
  if (status >= 500) return 'Internal server error.';
  return 'The request could not be processed.';
}

export function openAiErrorObject(error: GatewayError): { message: string; type: string; param: string | null; code: string | null } {
  const entry = TYPES[error.code] ?? TYPES.INTERNAL;
  // A provider's 4xx is the caller's fault (bad parameter): present it as such, not as a server error.
  const type =
    error.code === 'PROVIDER_ERROR' && error.httpStatus < 500
      ? error.httpStatus === 429
        ? 'rate_limit_error'
        : 'invalid_request_error'
      : entry.type;
  return {
    message: error.exposeMessage ? error.message : genericMessage(error.httpStatus),
    type,
    param: error.param ?? null,
    code: entry.code,
  };
}

export function renderOpenAiError(error: GatewayError): RenderedError {
  return {
    status: error.httpStatus,
    headers: { 'content-type': 'application/json', ...error.headers },
    body: JSON.stringify({ error: openAiErrorObject(error) }),
  };
}

/** The mid-stream error event (no `[DONE]` after it). */
export function openAiStreamError(error: GatewayError): string {
  return `data: ${JSON.stringify({ error: openAiErrorObject(error) })}\n\n`;
}
