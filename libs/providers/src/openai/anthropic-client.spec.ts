import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { StreamInterruptedError } from '@asc/errors';
import { prepareChat, type DeploymentTarget } from '../index';
import { expectSameAtEverySplit, fixtureReader, runStream, serve } from '../spec-helpers';

// Anthropic client -> OpenAI provider: through the canonical model, answered as an Anthropic message stream.
const fixture = fixtureReader(import.meta.url);
const target: DeploymentTarget = { provider: 'openai', baseUrl: 'https://api.openai.com/v1', upstreamModel: 'gpt-4.1-2025-04-14', apiKey: 'sk' };
const open = (body: Record<string, unknown>) =>
  prepareChat({ dialect: 'anthropic', body: { model: 'house', max_tokens: 512, messages: [{ role: 'user', content: 'Say hello' }], ...body }, target, clientModel: 'house' });
const events = (sse: string) =>
  sse.split('\n\n').filter(Boolean).map((e) => {
    const [name, data] = e.split('\n');
    return { event: name!.slice('event: '.length), data: JSON.parse(data!.slice('data: '.length)) };
  });

describe('anthropic client -> openai: request', () => {
  it('translates system, tool_use/tool_result turns, tools and tool_choice', () => {
    const exchange = open({
      system: [{ type: 'text', text: 'You are terse.' }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }, { type: 'image', source: { type: 'url', url: 'https://example.com/sky.png' } }] },
        { role: 'assistant', content: [{ type: 'text', text: 'Checking.' }, { type: 'tool_use', id: 'toolu_01', name: 'get_weather', input: { city: 'Paris' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01', content: [{ type: 'text', text: '18C' }] }, { type: 'text', text: 'And tomorrow?' }] },
      ],
      tools: [{ name: 'get_weather', description: 'Current weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }],
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
      stop_sequences: ['END'],
      temperature: 0.3,
      top_k: 40,
      metadata: { user_id: 'u-9' },
      stream: true,
    });
    expect(exchange.request.url).toBe('https://api.openai.com/v1/chat/completions');
    expect(exchange.request.body).toMatchInlineSnapshot(
      `"{"model":"gpt-4.1-2025-04-14","messages":[{"role":"system","content":"You are terse."},{"role":"user","content":[{"type":"text","text":"Weather in Paris?"},{"type":"image_url","image_url":{"url":"https://example.com/sky.png"}}]},{"role":"assistant","content":"Checking.","tool_calls":[{"id":"toolu_01","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},{"role":"tool","tool_call_id":"toolu_01","content":"18C"},{"role":"user","content":"And tomorrow?"}],"max_completion_tokens":512,"temperature":0.3,"stop":["END"],"tools":[{"type":"function","function":{"name":"get_weather","description":"Current weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}],"tool_choice":"required","parallel_tool_calls":false,"user":"u-9","stream":true,"stream_options":{"include_usage":true}}"`,
    );
  });

  it('rejects a body without messages in the Anthropic style', () => {
    expect(() => open({ messages: undefined })).toThrowError(expect.objectContaining({ code: 'INVALID_REQUEST', message: 'messages: Field required' }));
  });
});

describe('anthropic client -> openai: unary', () => {
  it('answers an Anthropic message with usage split into cached and uncached input', () => {
    const { body, usage } = open({}).decodeResponse(fixture('chat-tool-call.json'));
    expect(JSON.parse(body)).toEqual({
      id: 'chatcmpl-abc123',
      type: 'message',
      role: 'assistant',
      model: 'house',
      content: [{ type: 'tool_use', id: 'call_abc123', name: 'get_current_weather', input: { location: 'Boston, MA' } }],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 18, cache_creation_input_tokens: 0, cache_read_input_tokens: 64, output_tokens: 17 },
    });
    expect(usage).toEqual({ inputTokens: 82, outputTokens: 17, cachedInputTokens: 64, cacheWriteInputTokens: 0, source: 'reported' });
  });
});

describe('anthropic client -> openai: streaming', () => {
  it('produces message_start … message_stop with usage in message_delta', () => {
    const exchange = open({ stream: true });
    const run = runStream(() => exchange.createStreamTranslator(), fixture('stream-text.sse'));
    const out = events(run.out);
    expect(out.map((e) => e.event)).toEqual([
      'message_start',
      'content_block_start',
      ...Array(9).fill('content_block_delta'),
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(out[0]!.data.message).toMatchObject({ id: 'chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG', model: 'house', role: 'assistant', content: [] });
    expect(out.at(-2)!.data).toEqual({ type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { input_tokens: 19, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 10 } });
    expect(run.end).toEqual({ tail: '', complete: true, usage: { inputTokens: 19, outputTokens: 10, cachedInputTokens: 0, cacheWriteInputTokens: 0, source: 'reported' } });
  });

  it('turns tool-call deltas into a tool_use block, identically at every chunk boundary', () => {
    const exchange = prepareChat({ dialect: 'anthropic', body: { model: 'house', max_tokens: 1, messages: [], stream: true }, target: { ...target, upstreamModel: 'gpt-4o-mini-2024-07-18' }, clientModel: 'house' });
    const result = expectSameAtEverySplit(() => exchange.createStreamTranslator(), fixture('stream-tool-call.sse'));
    expect(result.mismatches).toEqual([]);
    const out = events(result.whole.out);
    expect(out[1]!.data).toEqual({ type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 'call_DdmO9pD3xa9XTPNJ32zg2hcA', name: 'get_weather', input: {} } });
    expect(out.filter((e) => e.event === 'content_block_delta').map((e) => e.data.delta.partial_json).join('')).toBe('{"location":"Paris, France"}');
    expect(out.at(-2)!.data.delta.stop_reason).toBe('tool_use');
  });

  it('ends with event: error and no message_stop when OpenAI fails mid-stream', () => {
    const translator = open({ stream: true }).createStreamTranslator();
    const out = events(translator.push(fixture('stream-error.sse')));
    expect(out.at(-1)).toEqual({ event: 'error', data: { type: 'error', error: { type: 'api_error', message: 'The upstream provider failed while streaming.' } } });
    expect(out.some((e) => e.event === 'message_stop')).toBe(false);
    expect(translator.end()).toMatchObject({ complete: false, usage: { source: 'estimated' } });
  });

  it('estimates usage when the stream is cut, and closes with an error event on fail()', () => {
    const translator = open({ stream: true }).createStreamTranslator();
    translator.push(fixture('stream-cut.sse'));
    const end = translator.end();
    // "Hello! How can" = 14 characters -> 4 tokens
    expect(end).toEqual({ tail: '', complete: false, usage: { inputTokens: 8, outputTokens: 4, cachedInputTokens: 0, cacheWriteInputTokens: 0, source: 'estimated' } });
    expect(translator.fail(new StreamInterruptedError({ message: 'Upstream ended early.' })).tail).toBe(
      'event: error\ndata: {"type":"error","error":{"type":"api_error","message":"Upstream ended early."}}\n\n',
    );
  });

  it('is read by the Anthropic SDK', async () => {
    const run = runStream(() => open({ stream: true }).createStreamTranslator(), fixture('stream-text.sse'));
    const server = await serve({ body: run.out, contentType: 'text/event-stream' });
    try {
      const client = new Anthropic({ apiKey: 'k', baseURL: server.url, maxRetries: 0 });
      const message = await client.messages.stream({ model: 'house', max_tokens: 512, messages: [{ role: 'user', content: 'Say hello' }] }).finalMessage();
      expect(message.content).toEqual([{ type: 'text', text: 'Hello! How can I assist you today?' }]);
      expect(message.stop_reason).toBe('end_turn');
      expect(message.usage).toMatchObject({ input_tokens: 19, output_tokens: 10 });
    } finally {
      await server.close();
    }
  });
});
