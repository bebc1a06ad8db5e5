import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { StreamInterruptedError } from '@asc/errors';
import { prepareChat, renderError, type DeploymentTarget } from '../index';
import { expectSameAtEverySplit, fixtureReader, runStream, serve } from '../spec-helpers';

const fixture = fixtureReader(import.meta.url);
const target: DeploymentTarget = { provider: 'anthropic', baseUrl: 'https://api.anthropic.com', upstreamModel: 'claude-opus-4-1-20250805', apiKey: 'sk-ant-test' };
const messages = [{ role: 'user', content: 'Hello, Claude' }];
const open = (body: Record<string, unknown>) =>
  prepareChat({ dialect: 'anthropic', body: { model: 'claude', max_tokens: 1024, messages, ...body }, target, clientModel: 'claude' });

describe('anthropic passthrough: unary', () => {
  it('changes only the model in the request and sets the Anthropic headers', () => {
    const exchange = open({ top_k: 5, system: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }] });
    expect(exchange.request.url).toBe('https://api.anthropic.com/v1/messages');
    expect(exchange.request.headers).toEqual({ 'content-type': 'application/json', accept: 'application/json', 'anthropic-version': '2023-06-01', 'x-api-key': 'sk-ant-test' });
    expect(exchange.request.body).toMatchInlineSnapshot(
      `"{"model":"claude-opus-4-1-20250805","max_tokens":1024,"messages":[{"role":"user","content":"Hello, Claude"}],"top_k":5,"system":[{"type":"text","text":"Be brief.","cache_control":{"type":"ephemeral"}}]}"`,
    );
  });

  it('returns the body with the client model; input usage includes cache reads and writes', () => {
    const { body, usage } = open({}).decodeResponse(fixture('message-text.json'));
    expect(body).toBe(fixture('message-text.json').replace('"model": "claude-sonnet-4-20250514"', '"model": "claude"'));
    expect(usage).toEqual({ inputTokens: 47 + 100 + 2048, outputTokens: 12, cachedInputTokens: 2048, cacheWriteInputTokens: 100, source: 'reported' });
  });
});

describe('anthropic passthrough: streaming', () => {
  it('forwards every event byte for byte, renaming only the model', () => {
    const exchange = open({ stream: true });
    expect(exchange.stream).toBe(true);
    const run = runStream(() => exchange.createStreamTranslator(), fixture('stream-text.sse'));
    expect(run.out).toBe(fixture('stream-text.sse').replace('"model": "claude-opus-4-1-20250805"', '"model": "claude"'));
    expect(run.end).toEqual({ tail: '', complete: true, usage: { inputTokens: 25, outputTokens: 15, cachedInputTokens: 0, cacheWriteInputTokens: 0, source: 'reported' } });
  });

  it('reports tool-use stream usage and is identical at every chunk boundary', () => {
    const exchange = open({ stream: true });
    const result = expectSameAtEverySplit(() => exchange.createStreamTranslator(), fixture('stream-tool-use.sse'));
    expect(result.checked).toBeGreaterThan(1500);
    expect(result.mismatches).toEqual([]);
    expect(result.whole.out).toBe(fixture('stream-tool-use.sse').replace('"model":"claude-opus-4-1-20250805"', '"model":"claude"'));
    expect(result.whole.end.usage).toEqual({ inputTokens: 472 + 256, outputTokens: 89, cachedInputTokens: 256, cacheWriteInputTokens: 0, source: 'reported' });
  });

  it('forwards a mid-stream error event without message_stop', () => {
    const translator = open({ stream: true }).createStreamTranslator();
    const out = translator.push(fixture('stream-error.sse'));
    expect(out.endsWith('event: error\ndata: {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}\n\n')).toBe(true);
    expect(out).not.toContain('message_stop');
    const end = translator.end();
    expect(end.complete).toBe(false);
    // input from message_start, output estimated from "Hello" (message_start's output count is provisional)
    expect(end.usage).toEqual({ inputTokens: 25, outputTokens: 2, cachedInputTokens: 0, cacheWriteInputTokens: 0, source: 'estimated' });
    expect(translator.fail(new StreamInterruptedError({ message: 'x' })).tail).toBe('');
  });

  it('reports a stream cut before message_delta as incomplete with estimated output', () => {
    const translator = open({ stream: true }).createStreamTranslator();
    translator.push(fixture('stream-cut.sse'));
    const end = translator.end();
    expect(end.complete).toBe(false);
    expect(end.usage).toEqual({ inputTokens: 728, outputTokens: 1, cachedInputTokens: 256, cacheWriteInputTokens: 0, source: 'estimated' });
    expect(translator.fail(new StreamInterruptedError({ message: 'The upstream stream ended early.' })).tail).toBe(
      'event: error\ndata: {"type":"error","error":{"type":"api_error","message":"The upstream stream ended early."}}\n\n',
    );
  });
});

describe('anthropic errors', () => {
  it.each([
    [400, 400, 'max_tokens: 100000 > 64000, which is the maximum allowed number of output tokens for claude', 'invalid_request_error', false],
    [401, 502, 'The upstream provider rejected the gateway credentials for this model.', 'api_error', true],
    [429, 429, 'The upstream provider is rate limiting requests for this model; retry later.', 'rate_limit_error', true],
    [500, 500, 'The upstream provider failed with status 500.', 'api_error', true],
    [529, 503, 'The upstream provider is overloaded; retry later.', 'overloaded_error', true],
  ])('upstream %i -> %i', (status, httpStatus, message, clientType, retryable) => {
    const exchange = prepareChat({ dialect: 'anthropic', body: { model: 'claude', max_tokens: 1, messages }, target: { ...target, upstreamModel: 'claude-sonnet-4-20250514' }, clientModel: 'claude' });
    const error = exchange.decodeError({ status, bodyText: fixture(`error-${status}.json`), headers: { 'retry-after': ['7'] } });
    expect(error.httpStatus).toBe(httpStatus);
    expect(error.message).toBe(message);
    expect(error.retryable).toBe(retryable);
    expect(error.headers).toEqual({ 'retry-after': '7' });
    expect(JSON.parse(renderError('anthropic', error).body)).toEqual({ type: 'error', error: { type: clientType, message } });
  });
});

describe('anthropic SDK reads the passthrough stream', () => {
  it('assembles the tool-use message with messages.stream().finalMessage()', async () => {
    const run = runStream(() => open({ stream: true }).createStreamTranslator(), fixture('stream-tool-use.sse'));
    const server = await serve({ body: run.out, contentType: 'text/event-stream' });
    try {
      const client = new Anthropic({ apiKey: 'k', baseURL: server.url, maxRetries: 0 });
      const message = await client.messages.stream({ model: 'claude', max_tokens: 1024, messages: [{ role: 'user', content: 'Weather?' }] }).finalMessage();
      expect(message.model).toBe('claude');
      expect(message.stop_reason).toBe('tool_use');
      expect(message.content).toEqual([
        { type: 'text', text: "Okay, let's check the weather." },
        { type: 'tool_use', id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', name: 'get_weather', input: { location: 'San Francisco, CA' } },
      ]);
      expect(message.usage.output_tokens).toBe(89);
    } finally {
      await server.close();
    }
  });
});
