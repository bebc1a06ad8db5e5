import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { StreamInterruptedError } from '@asc/errors';
import { prepareChat, renderError, type DeploymentTarget } from '../index';
import { expectSameAtEverySplit, fixtureReader, runStream, serve } from '../spec-helpers';

const fixture = fixtureReader(import.meta.url);
const target: DeploymentTarget = { provider: 'openai', baseUrl: 'https://api.openai.com/v1/', upstreamModel: 'gpt-4.1-2025-04-14', apiKey: 'sk-test' };
const messages = [{ role: 'user', content: 'Say hello' }];
const open = (body: Record<string, unknown>) => prepareChat({ dialect: 'openai', body: { model: 'chat-default', messages, ...body }, target, clientModel: 'chat-default' });
/** What the client must see: the fixture with the upstream model renamed to the client's. */
const asClient = (text: string) => text.replaceAll('"model":"gpt-4.1-2025-04-14"', '"model":"chat-default"');

describe('openai passthrough: unary', () => {
  it('changes only the model in the request', () => {
    const exchange = open({ temperature: 0.2, logprobs: true });
    expect(exchange.stream).toBe(false);
    expect(exchange.request.url).toBe('https://api.openai.com/v1/chat/completions');
    expect(exchange.request.headers).toEqual({ 'content-type': 'application/json', accept: 'application/json', authorization: 'Bearer sk-test' });
    expect(exchange.request.body).toMatchInlineSnapshot(
      `"{"model":"gpt-4.1-2025-04-14","messages":[{"role":"user","content":"Say hello"}],"temperature":0.2,"logprobs":true}"`,
    );
  });

  it('returns the body with the client model and the reported usage', () => {
    const { body, usage } = open({}).decodeResponse(fixture('chat-text.json'));
    expect(body).toBe(fixture('chat-text.json').replace('"model": "gpt-4.1-2025-04-14"', '"model": "chat-default"'));
    expect(usage).toEqual({ inputTokens: 19, outputTokens: 10, cachedInputTokens: 0, cacheWriteInputTokens: 0, source: 'reported' });
  });

  it('passes a tool call through and counts cached prompt tokens', () => {
    const { body, usage } = open({}).decodeResponse(fixture('chat-tool-call.json'));
    expect(JSON.parse(body).choices[0].message.tool_calls[0].function.name).toBe('get_current_weather');
    expect(usage).toEqual({ inputTokens: 82, outputTokens: 17, cachedInputTokens: 64, cacheWriteInputTokens: 0, source: 'reported' });
  });
});

describe('openai passthrough: streaming', () => {
  it('asks upstream for usage when the client did not, and hides it from the client', () => {
    const exchange = open({ stream: true, stream_options: { include_obfuscation: false } });
    expect(exchange.request.headers['accept']).toBe('text/event-stream');
    expect(exchange.request.body).toMatchInlineSnapshot(
      `"{"model":"gpt-4.1-2025-04-14","messages":[{"role":"user","content":"Say hello"}],"stream":true,"stream_options":{"include_obfuscation":false,"include_usage":true}}"`,
    );
    const run = runStream(() => exchange.createStreamTranslator(), fixture('stream-text.sse'));
    expect(run.out).toBe(asClient(fixture('stream-text.no-usage.sse')));
    expect(run.end).toEqual({ tail: '', complete: true, usage: { inputTokens: 19, outputTokens: 10, cachedInputTokens: 0, cacheWriteInputTokens: 0, source: 'reported' } });
  });

  it('passes usage chunks through when the client asked for them', () => {
    const exchange = open({ stream: true, stream_options: { include_usage: true } });
    expect(JSON.parse(exchange.request.body).stream_options).toEqual({ include_usage: true });
    const run = runStream(() => exchange.createStreamTranslator(), fixture('stream-text.sse'));
    expect(run.out).toBe(asClient(fixture('stream-text.sse')));
    expect(run.end.usage.source).toBe('reported');
  });

  it('streams tool call deltas unchanged and reports the usage-only final chunk', () => {
    const exchange = prepareChat({ dialect: 'openai', body: { model: 'm', messages, stream: true, stream_options: { include_usage: true } }, target: { ...target, upstreamModel: 'gpt-4o-mini-2024-07-18' }, clientModel: 'gpt-4o-mini-2024-07-18' });
    const run = runStream(() => exchange.createStreamTranslator(), fixture('stream-tool-call.sse'));
    expect(run.out).toBe(fixture('stream-tool-call.sse'));
    expect(run.end).toEqual({ tail: '', complete: true, usage: { inputTokens: 82, outputTokens: 17, cachedInputTokens: 64, cacheWriteInputTokens: 0, source: 'reported' } });
  });

  it('gives identical output whatever the chunk boundaries', () => {
    const exchange = open({ stream: true });
    const result = expectSameAtEverySplit(() => exchange.createStreamTranslator(), fixture('stream-text.sse'));
    expect(result.checked).toBeGreaterThan(3000);
    expect(result.mismatches).toEqual([]);
    expect(result.whole.out).toBe(asClient(fixture('stream-text.no-usage.sse')));
  });

  it('forwards a mid-stream error event without [DONE] and estimates usage', () => {
    const exchange = open({ stream: true });
    const translator = exchange.createStreamTranslator();
    const out = translator.push(fixture('stream-error.sse'));
    expect(out.endsWith('data: {"error":{"message":"The server had an error while processing your request. Sorry about that!","type":"server_error","param":null,"code":null}}\n\n')).toBe(true);
    expect(out).not.toContain('[DONE]');
    const end = translator.end();
    expect(end.complete).toBe(false);
    expect(end.usage.source).toBe('estimated');
    // The error event already closed the client stream: nothing more to write.
    expect(translator.fail(new StreamInterruptedError({ message: 'upstream failed' })).tail).toBe('');
  });

  it('reports a stream cut before usage as incomplete with estimated, non-zero usage', () => {
    const exchange = open({ stream: true });
    const translator = exchange.createStreamTranslator();
    translator.push(fixture('stream-cut.sse'));
    const end = translator.end();
    expect(end.complete).toBe(false);
    expect(end.tail).toBe('');
    // 5 chunks arrived (role + 4 content pieces): about one token each. The prompt's strings ("user", "Say hello": 13
    // characters -> 4 tokens) plus 4 per message.
    expect(end.usage).toEqual({ inputTokens: 8, outputTokens: 5, cachedInputTokens: 0, cacheWriteInputTokens: 0, source: 'estimated' });
    const failed = translator.fail(new StreamInterruptedError({ message: 'The upstream stream ended early.' }));
    expect(failed.tail).toBe('data: {"error":{"message":"The upstream stream ended early.","type":"server_error","param":null,"code":"stream_interrupted"}}\n\n');
    expect(failed.usage).toEqual(end.usage);
  });
});

describe('openai errors', () => {
  it.each([
    // upstream status, fixture, gateway status, client message, retryable
    [400, 'error-400.json', 400, "Invalid value for 'temperature': must be between 0 and 2 for model chat-default.", false],
    [401, 'error-401.json', 502, 'The upstream provider rejected the gateway credentials for this model.', true],
    [429, 'error-429.json', 429, 'The upstream provider is rate limiting requests for this model; retry later.', true],
    [500, 'error-500.json', 500, 'The upstream provider failed with status 500.', true],
  ])('upstream %i -> ProviderError', (status, file, httpStatus, message, retryable) => {
    const error = open({}).decodeError({ status, bodyText: fixture(file), headers: { 'Retry-After': '1', 'x-request-id': 'req_1' } });
    expect(error.code).toBe('PROVIDER_ERROR');
    expect(error.upstreamStatus).toBe(status);
    expect(error.httpStatus).toBe(httpStatus);
    expect(error.message).toBe(message);
    expect(error.retryable).toBe(retryable);
    expect(error.headers).toEqual({ 'retry-after': '1' });
    expect(error.upstreamBody).toBe(fixture(file));
    const rendered = renderError('openai', error);
    expect(rendered.status).toBe(httpStatus);
    expect(JSON.parse(rendered.body).error.message).toBe(message);
  });
});

describe('openai SDK reads the passthrough stream', () => {
  it('assembles the text with stream.finalChatCompletion()', async () => {
    const exchange = open({ stream: true });
    const run = runStream(() => exchange.createStreamTranslator(), fixture('stream-text.sse'));
    const server = await serve({ body: run.out, contentType: 'text/event-stream' });
    try {
      const client = new OpenAI({ apiKey: 'k', baseURL: `${server.url}/v1`, maxRetries: 0 });
      const stream = client.chat.completions.stream({ model: 'chat-default', messages: [{ role: 'user', content: 'Say hello' }] });
      const completion = await stream.finalChatCompletion();
      expect(completion.choices[0]?.message.content).toBe('Hello! How can I assist you today?');
      expect(completion.model).toBe('chat-default');
      expect(completion.usage).toBeUndefined();
    } finally {
      await server.close();
    }
  });
});
