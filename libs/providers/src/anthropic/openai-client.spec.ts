import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { StreamInterruptedError } from '@asc/errors';
import { prepareChat, type DeploymentTarget } from '../index';
import { expectSameAtEverySplit, fixtureReader, runStream, serve } from '../spec-helpers';

// OpenAI client -> Anthropic provider: everything goes through the canonical model.
const fixture = fixtureReader(import.meta.url);
const target: DeploymentTarget = { provider: 'anthropic', baseUrl: 'https://api.anthropic.com/', upstreamModel: 'claude-sonnet-4-20250514', apiKey: 'sk-ant' };
const open = (body: Record<string, unknown>) =>
  prepareChat({ dialect: 'openai', body: { model: 'smart', messages: [{ role: 'user', content: 'Hi' }], ...body }, target, clientModel: 'smart' });

describe('openai client -> anthropic: request', () => {
  it('translates system, tools, tool results, images, stop, json mode and defaults max_tokens', () => {
    const exchange = open({
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'developer', content: [{ type: 'text', text: 'Use metric units.' }] },
        { role: 'user', content: [{ type: 'text', text: 'Weather in Paris? See:' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: '18C and sunny' },
        { role: 'user', content: 'Thanks, answer in JSON.' },
      ],
      tools: [{ type: 'function', function: { name: 'get_weather', description: 'Current weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
      tool_choice: 'required',
      parallel_tool_calls: false,
      response_format: { type: 'json_object' },
      stop: 'END',
      temperature: 1.5,
      top_p: 0.9,
      user: 'user-42',
      presence_penalty: 1,
    });
    expect(exchange.request.url).toBe('https://api.anthropic.com/v1/messages');
    expect(exchange.request.headers['anthropic-version']).toBe('2023-06-01');
    expect(JSON.parse(exchange.request.body)).toMatchInlineSnapshot(`
      {
        "max_tokens": 4096,
        "messages": [
          {
            "content": [
              {
                "text": "Weather in Paris? See:",
                "type": "text",
              },
              {
                "source": {
                  "data": "iVBORw0KGgo=",
                  "media_type": "image/png",
                  "type": "base64",
                },
                "type": "image",
              },
            ],
            "role": "user",
          },
          {
            "content": [
              {
                "id": "call_1",
                "input": {
                  "city": "Paris",
                },
                "name": "get_weather",
                "type": "tool_use",
              },
            ],
            "role": "assistant",
          },
          {
            "content": [
              {
                "content": "18C and sunny",
                "tool_use_id": "call_1",
                "type": "tool_result",
              },
              {
                "text": "Thanks, answer in JSON.",
                "type": "text",
              },
            ],
            "role": "user",
          },
        ],
        "metadata": {
          "user_id": "user-42",
        },
        "model": "claude-sonnet-4-20250514",
        "stop_sequences": [
          "END",
        ],
        "system": "You are terse.

      Use metric units.

      Respond only with a single valid JSON object, without any text before or after it.",
        "temperature": 1,
        "tool_choice": {
          "disable_parallel_tool_use": true,
          "type": "any",
        },
        "tools": [
          {
            "description": "Current weather",
            "input_schema": {
              "properties": {
                "city": {
                  "type": "string",
                },
              },
              "type": "object",
            },
            "name": "get_weather",
          },
        ],
        "top_p": 0.9,
      }
    `);
  });

  it('rejects what Anthropic cannot do', () => {
    expect(() => open({ n: 2 })).toThrowError(expect.objectContaining({ code: 'INVALID_REQUEST', param: 'n' }));
    expect(() => open({ messages: 'hi' })).toThrowError(expect.objectContaining({ code: 'INVALID_REQUEST', httpStatus: 400 }));
  });
});

describe('openai client -> anthropic: unary', () => {
  it('answers a chat.completion with text, finish reason and usage', () => {
    const { body, usage } = open({}).decodeResponse(fixture('message-text.json'));
    const json = JSON.parse(body);
    expect(json).toMatchObject({
      id: 'msg_013Zva2CMHLNnXjNJJKqJ2EF',
      object: 'chat.completion',
      model: 'smart',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hi! My name is Claude.' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 2195, completion_tokens: 12, total_tokens: 2207, prompt_tokens_details: { cached_tokens: 2048 } },
    });
    expect(usage).toEqual({ inputTokens: 2195, outputTokens: 12, cachedInputTokens: 2048, cacheWriteInputTokens: 100, source: 'reported' });
  });

  it('answers tool use as tool_calls', () => {
    const json = JSON.parse(open({}).decodeResponse(fixture('message-tool-use.json')).body);
    expect(json.choices[0]).toEqual({
      index: 0,
      message: {
        role: 'assistant',
        content: "I'll check the current weather in San Francisco for you.",
        refusal: null,
        tool_calls: [{ id: 'toolu_01A09q90qw90lq917835lq9', type: 'function', function: { name: 'get_weather', arguments: '{"location":"San Francisco, CA","unit":"celsius"}' } }],
      },
      logprobs: null,
      finish_reason: 'tool_calls',
    });
  });
});

describe('openai client -> anthropic: streaming', () => {
  it('translates text deltas into chunks and ends with [DONE]', () => {
    const exchange = open({ stream: true });
    expect(JSON.parse(exchange.request.body).stream).toBe(true);
    const run = runStream(() => exchange.createStreamTranslator(), fixture('stream-text.sse'));
    const events = run.out.split('\n\n').filter(Boolean);
    expect(events.at(-1)).toBe('data: [DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e.slice('data: '.length)));
    expect(chunks.map((c) => c.choices[0].delta)).toEqual([{ role: 'assistant', content: '' }, { content: 'Hello' }, { content: '!' }, {}]);
    expect(chunks.at(-1).choices[0].finish_reason).toBe('stop');
    expect(chunks.every((c) => c.model === 'smart' && c.object === 'chat.completion.chunk' && !('usage' in c))).toBe(true);
    expect(run.end).toEqual({ tail: '', complete: true, usage: { inputTokens: 25, outputTokens: 15, cachedInputTokens: 0, cacheWriteInputTokens: 0, source: 'reported' } });
  });

  it('translates tool use into OpenAI tool-call deltas, with a usage chunk when asked', () => {
    const exchange = open({ stream: true, stream_options: { include_usage: true } });
    const result = expectSameAtEverySplit(() => exchange.createStreamTranslator(), fixture('stream-tool-use.sse'), (out) => out.replace(/"created":\d+/g, '"created":0'));
    expect(result.mismatches).toEqual([]);
    const chunks = result.whole.out.split('\n\n').filter((e) => e && e !== 'data: [DONE]').map((e) => JSON.parse(e.slice(6)));
    expect(chunks.map((c) => c.choices[0]?.delta)).toEqual([
      { role: 'assistant', content: '' },
      { content: 'Okay' },
      { content: ", let's check the weather." },
      { tool_calls: [{ index: 0, id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', type: 'function', function: { name: 'get_weather', arguments: '' } }] },
      { tool_calls: [{ index: 0, function: { arguments: '{"location":' } }] },
      { tool_calls: [{ index: 0, function: { arguments: ' "San Francisco, CA"}' } }] },
      {},
      undefined,
    ]);
    expect(chunks.at(-2).choices[0].finish_reason).toBe('tool_calls');
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 728, completion_tokens: 89, total_tokens: 817, prompt_tokens_details: { cached_tokens: 256 } } });
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
  });

  it('turns an Anthropic error event into an OpenAI error chunk without [DONE]', () => {
    const translator = open({ stream: true }).createStreamTranslator();
    const out = translator.push(fixture('stream-error.sse'));
    expect(out).not.toContain('[DONE]');
    expect(out.split('\n\n').filter(Boolean).at(-1)).toBe(
      'data: {"error":{"message":"The upstream provider is overloaded; retry later.","type":"server_error","param":null,"code":"provider_error"}}',
    );
    const end = translator.end();
    expect(end.complete).toBe(false);
    expect(end.usage).toMatchObject({ inputTokens: 25, source: 'estimated' });
    expect(end.usage.outputTokens).toBeGreaterThan(0);
    expect(translator.fail(new StreamInterruptedError({ message: 'x' })).tail).toBe('');
  });

  it('estimates usage for a stream cut before message_delta', () => {
    const translator = open({ stream: true }).createStreamTranslator();
    translator.push(fixture('stream-cut.sse'));
    const end = translator.end();
    expect(end).toEqual({ tail: '', complete: false, usage: { inputTokens: 728, outputTokens: 1, cachedInputTokens: 256, cacheWriteInputTokens: 0, source: 'estimated' } });
    expect(translator.fail(new StreamInterruptedError({ message: 'Upstream ended early.' })).tail).toBe(
      'data: {"error":{"message":"Upstream ended early.","type":"server_error","param":null,"code":"stream_interrupted"}}\n\n',
    );
  });

  it('is read by the openai SDK stream helper, tool call included', async () => {
    const run = runStream(() => open({ stream: true, stream_options: { include_usage: true } }).createStreamTranslator(), fixture('stream-tool-use.sse'));
    const server = await serve({ body: run.out, contentType: 'text/event-stream' });
    try {
      const client = new OpenAI({ apiKey: 'k', baseURL: `${server.url}/v1`, maxRetries: 0 });
      const stream = client.chat.completions.stream({ model: 'smart', messages: [{ role: 'user', content: 'Weather?' }], stream_options: { include_usage: true } });
      const completion = await stream.finalChatCompletion();
      const choice = completion.choices[0]!;
      expect(choice.finish_reason).toBe('tool_calls');
      expect(choice.message.content).toBe("Okay, let's check the weather.");
      expect(choice.message.tool_calls?.[0]).toMatchObject({ id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', function: { name: 'get_weather', arguments: '{"location": "San Francisco, CA"}' } });
      expect(completion.usage).toMatchObject({ prompt_tokens: 728, completion_tokens: 89 });
    } finally {
      await server.close();
    }
  });
});
