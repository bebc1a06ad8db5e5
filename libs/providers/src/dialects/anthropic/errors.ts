/**
 * Anthropic error body: `{"type":"error","error":{"type":string,"message":string}}`
 * (https://docs.anthropic.com/en/api/errors). In a stream: `event: error` with the same body, and no
 * `message_stop` after it.
 */
import { GatewayError } from '@asc/errors';
import type { RenderedError } from '../../types';
import { genericMessage } from '../openai/errors';

/** Anthropic's error type for a status, per its errors page. */
export function anthropicErrorType(status: number): string {
  switch (status) {
    case 400: return 'invalid_request_error';
    case 401: return 'authentication_error';
    case 402: return 'billing_error';
    case 403: return 'permission_error';
    case 404: return 'not_found_error';
    case 413: return 'request_too_large';
    case 429: return 'rate_limit_error';
    case 503: case 529: return 'overloaded_error';
    case 504: return 'timeout_error';
    default: return status >= 500 ? 'api_error' : 'invalid_request_error';
  }
}

export function anthropicErrorBody(error: GatewayError): string {
  return JSON.stringify({
    type: 'error',
    error: {
      type: anthropicErrorType(error.httpStatus),
      message: error.exposeMessage ? error.message : genericMessage(error.httpStatus),
    },
  });
}

export function renderAnthropicError(error: GatewayError): RenderedError {
  return {
    status: error.httpStatus,
    headers: { 'content-type': 'application/json', ...error.headers },
    body: anthropicErrorBody(error),
  };
}

export function anthropicStreamError(error: GatewayError): string {
  return `event: error\ndata: ${anthropicErrorBody(error)}\n\n`;
}
