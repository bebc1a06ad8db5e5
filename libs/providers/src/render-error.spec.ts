import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  InternalError,
  InvalidRequestError,
  PolicyDeniedError,
  PolicyUnavailableError,
  ProviderError,
  ProviderTimeoutError,
  QuotaExceededError,
  RateLimitedError,
} from '@asc/errors';
import { renderError } from './index';

describe('renderError', () => {
  it.each([
    [new InvalidRequestError({ message: "'messages' must be an array.", param: 'messages' }), 400, 'invalid_request_error', null, "'messages' must be an array.", 'invalid_request_error'],
    [new AuthenticationError(), 401, 'invalid_request_error', 'invalid_api_key', 'Invalid or missing API key.', 'authentication_error'],
    [new PolicyDeniedError({ message: 'Model not allowed for this key.', reasons: ['model'] }), 403, 'invalid_request_error', 'policy_denied', 'Model not allowed for this key.', 'permission_error'],
    [new RateLimitedError({ message: 'Slow down.', headers: { 'retry-after': '3' } }), 429, 'rate_limit_error', 'rate_limit_exceeded', 'Slow down.', 'rate_limit_error'],
    [new QuotaExceededError({ message: 'Monthly budget exhausted.' }), 429, 'insufficient_quota', 'insufficient_quota', 'Monthly budget exhausted.', 'rate_limit_error'],
    [new ProviderError({ provider: 'anthropic', upstreamStatus: 529, message: 'The upstream provider is overloaded; retry later.' }), 503, 'server_error', 'provider_error', 'The upstream provider is overloaded; retry later.', 'overloaded_error'],
    [new ProviderTimeoutError({ provider: 'openai' }), 504, 'server_error', 'provider_timeout', "The upstream provider 'openai' timed out.", 'timeout_error'],
    [new PolicyUnavailableError(), 503, 'server_error', 'policy_unavailable', 'The policy service could not be reached to decide on this request; it was not sent. Retry later.', 'overloaded_error'],
    [new InternalError(new Error('db password=hunter2')), 500, 'server_error', null, 'Internal server error.', 'api_error'],
  ])('%s', (error, status, openAiType, openAiCode, message, anthropicType) => {
    const openai = renderError('openai', error);
    expect(openai.status).toBe(status);
    expect(openai.headers['content-type']).toBe('application/json');
    expect(JSON.parse(openai.body)).toEqual({ error: { message, type: openAiType, param: error.param ?? null, code: openAiCode } });
    const anthropic = renderError('anthropic', error);
    expect(anthropic.status).toBe(status);
    expect(JSON.parse(anthropic.body)).toEqual({ type: 'error', error: { type: anthropicType, message } });
    expect(anthropic.headers).toEqual(openai.headers);
  });

  it('forwards retry headers and hides the message of non-gateway errors', () => {
    expect(renderError('openai', new RateLimitedError({ message: 'x', headers: { 'retry-after': '3' } })).headers).toEqual({ 'content-type': 'application/json', 'retry-after': '3' });
    const rendered = renderError('anthropic', new Error('secret stack detail'));
    expect(rendered.status).toBe(500);
    expect(rendered.body).toBe('{"type":"error","error":{"type":"api_error","message":"Internal server error."}}');
  });
});
