import { describe, expect, it } from 'vitest';
import { prepareChat, prepareEmbeddings, type DeploymentTarget } from '../index';
import { expectSameAtEverySplit, fixtureReader, runStream } from '../spec-helpers';

const fixture = fixtureReader(import.meta.url);
const target: DeploymentTarget = { provider: 'azure-openai', baseUrl: 'https://contoso.openai.azure.com/', upstreamModel: 'gpt-4o-prod', apiKey: 'az-key', apiVersion: '2024-10-21' };
const open = (body: Record<string, unknown>) =>
  prepareChat({ dialect: 'openai', body: { model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }], ...body }, target, clientModel: 'gpt-4o' });

describe('azure-openai', () => {
  it('calls the deployment URL with api-version and the api-key header', () => {
    const exchange = open({ stream: true });
    expect(exchange.request.url).toBe('https://contoso.openai.azure.com/openai/deployments/gpt-4o-prod/chat/completions?api-version=2024-10-21');
    expect(exchange.request.headers).toEqual({ 'content-type': 'application/json', accept: 'text/event-stream', 'api-key': 'az-key' });
    expect(exchange.request.body).toMatchInlineSnapshot(
      `"{"model":"gpt-4o-prod","messages":[{"role":"user","content":"Hi"}],"stream":true,"stream_options":{"include_usage":true}}"`,
    );
  });

  it('uses the default api-version when none is configured', () => {
    const { apiVersion: _unset, ...rest } = target;
    const exchange = prepareEmbeddings({ body: { model: 'emb', input: 'hello' }, target: { ...rest, upstreamModel: 'embed-prod' }, clientModel: 'emb' });
    expect(exchange.request.url).toBe('https://contoso.openai.azure.com/openai/deployments/embed-prod/embeddings?api-version=2024-10-21');
  });

  it('passes the content-filter chunks through, strips the usage it injected, at every chunk boundary', () => {
    const exchange = open({ stream: true });
    const result = expectSameAtEverySplit(() => exchange.createStreamTranslator(), fixture('stream-text.sse'));
    expect(result.mismatches).toEqual([]);
    const events = result.whole.out.split('\n\n').filter(Boolean);
    expect(events.at(-1)).toBe('data: [DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e.slice(6)));
    expect(chunks[0].prompt_filter_results).toHaveLength(1);
    expect(chunks.every((c) => !('usage' in c))).toBe(true);
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('Hi there!');
    expect(result.whole.end.usage).toEqual({ inputTokens: 9, outputTokens: 3, cachedInputTokens: 0, cacheWriteInputTokens: 0, source: 'reported' });
  });

  it('maps a 429 with its retry-after header', () => {
    const error = open({}).decodeError({ status: 429, bodyText: fixture('error-429.json'), headers: { 'retry-after': '6', 'x-ms-region': 'East US' } });
    expect(error.httpStatus).toBe(429);
    expect(error.headers).toEqual({ 'retry-after': '6' });
    expect(error.message).not.toContain('S0 pricing tier');
  });
});

describe('anthropic client -> azure-openai', () => {
  it('skips the prompt-filter chunk and answers an Anthropic stream', () => {
    const exchange = prepareChat({ dialect: 'anthropic', body: { model: 'gpt-4o', max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }], stream: true }, target, clientModel: 'gpt-4o' });
    const run = runStream(() => exchange.createStreamTranslator(), fixture('stream-text.sse'));
    const first = JSON.parse(run.out.split('\n\n')[0]!.split('\n')[1]!.slice(6));
    expect(first.message).toMatchObject({ id: 'chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG', model: 'gpt-4o' });
    expect(run.out.endsWith('event: message_stop\ndata: {"type":"message_stop"}\n\n')).toBe(true);
    expect(run.end.usage).toEqual({ inputTokens: 9, outputTokens: 3, cachedInputTokens: 0, cacheWriteInputTokens: 0, source: 'reported' });
  });
});
