import { describe, expect, it } from 'vitest';
import { GatewayError, ProviderError, mapUpstreamStatus, RateLimitedError, InternalError } from './index';

describe('mapUpstreamStatus', () => {
  it.each([
    [400, 400], [401, 502], [403, 502], [404, 404], [408, 408], [409, 409], [413, 413], [422, 400],
    [429, 429], [500, 500], [502, 502], [503, 503], [504, 504], [529, 503], [418, 400],
  ])('upstream %i -> %i', (upstream, expected) => {
    expect(mapUpstreamStatus(upstream)).toBe(expected);
  });
});

describe('GatewayError', () => {
  it('is recognised by marker, with retryable derived from status', () => {
    const err = new ProviderError({ provider: 'openai', upstreamStatus: 503, message: 'down' });
    expect(GatewayError.is(err)).toBe(true);
    expect(GatewayError.is(new Error('x'))).toBe(false);
    expect(err.retryable).toBe(true);
    expect(new ProviderError({ provider: 'openai', upstreamStatus: 400, message: 'bad' }).retryable).toBe(false);
  });
  it('keeps headers and hides internal messages', () => {
    expect(new RateLimitedError({ message: 'slow down', headers: { 'retry-after': '2' } }).headers['retry-after']).toBe('2');
    expect(new InternalError(new Error('db password in here')).exposeMessage).toBe(false);
  });
});
