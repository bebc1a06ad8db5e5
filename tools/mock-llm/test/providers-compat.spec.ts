// The gateway's provider adapters (@asc/providers) must read what this mock sends: unary and streamed usage,
// for every provider dialect the mock serves. A mismatch here means e2e figures would silently be estimates.
import { prepareChat, type ProviderId } from '@asc/providers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockLlm, type MockLlmServer } from '../src/index';

let mock: MockLlmServer;
beforeAll(async () => {
  mock = await startMockLlm();
});
afterAll(() => mock.close());

const baseUrls: Record<Exclude<ProviderId, 'openai-compatible'>, string> = {
  openai: '/openai/v1',
  'azure-openai': '/azure',
  mistral: '/mistral/v1',
  anthropic: '/anthropic',
};

describe.each(Object.entries(baseUrls))('@asc/providers adapter for %s reads the mock', (provider, path) => {
  // The mock's URL is only known once beforeAll ran.
  const target = () => ({ provider: provider as ProviderId, baseUrl: `${mock.url}${path}`, upstreamModel: 'up-model', apiKey: 'k' });
  const body = (stream: boolean) => ({
    model: 'client-model',
    messages: [{ role: 'user', content: 'Hello mock!' }], // 11 chars -> 3 prompt tokens
    ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  });

  it('unary: reported usage', async () => {
    const exchange = prepareChat({ dialect: 'openai', body: body(false), target: target(), clientModel: 'client-model' });
    const res = await fetch(exchange.request.url, exchange.request);
    expect(res.status).toBe(200);
    const { usage } = exchange.decodeResponse(await res.text());
    expect(usage).toMatchObject({ inputTokens: 3, outputTokens: 12, source: 'reported' });
  });

  it('stream: complete with reported usage', async () => {
    const exchange = prepareChat({ dialect: 'openai', body: body(true), target: target(), clientModel: 'client-model' });
    const res = await fetch(exchange.request.url, exchange.request);
    const translator = exchange.createStreamTranslator();
    let out = translator.push(await res.text());
    const end = translator.end();
    out += end.tail;
    expect(end.complete).toBe(true);
    expect(end.usage).toMatchObject({ inputTokens: 3, outputTokens: 12, source: 'reported' });
    expect(out).toContain('data: [DONE]');
  });
});
