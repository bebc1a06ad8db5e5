import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { StreamInterruptedError } from '@asc/errors';
import { prepareChat, type DeploymentTarget } from '../index';
import { expectSameAtEverySplit, fixtureReader, runStream, serve } from '../spec-helpers';

// OpenAI client -> Mistral: OpenAI-shaped, but through the canonical model because of the differences.
const fixture = fixtureReader(import.meta.url);
const target: DeploymentTarget = { provider: 'mistral', baseUrl: 'https://api.mistral.ai/v1', upstreamModel: 'mistral-small-latest', apiKey: 'mk' };
const open = (body: Record<string, unknown>) =>
  prepareChat({ dialect: 'openai', body: { model: 'small', messages: [{ role: 'user', content: 'Best French cheese?' }], ...body }, target, clientModel: 'small' });
const dataOf = (sse: string) => sse.split('\n\n').filter((e) => e && e !== 'data: [DONE]').map((e) => JSON.parse(e.slice(6)));

describe('mistral: request', () => {
  it('renames seed and tool_choice, rewrites tool ids, drops stream_options, user and unknown parameters', () => {
    const exchange = open({
      messages: [
        { role: 'user', content: 'Status of T1001?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_DdmO9pD3xa9XTPNJ32zg2hcA', type: 'function', function: { name: 'retrieve_payment_status', arguments: '{"transaction_id":"T1001"}' } }] },
        { role: 'tool', tool_call_id: 'call_DdmO9pD3xa9XTPNJ32zg2hcA', content: '{"status":"paid"}' },
      ],
      tools: [{ type: 'function', function: { name: 'retrieve_payment_status', parameters: { type: 'object', properties: { transaction_id: { type: 'string' } } } } }],
      tool_choice: 'required',
      seed: 7,
      max_completion_tokens: 256,
      stream: true,
      stream_options: { include_usage: true },
      user: 'u1',
      logprobs: true,
      frequency_penalty: 0.5,
    });
    expect(exchange.request.url).toBe('https://api.mistral.ai/v1/chat/completions');
    expect(exchange.request.headers['authorization']).toBe('Bearer mk');
    expect(exchange.request.body).toMatchInlineSnapshot(
      `"{"model":"mistral-small-latest","messages":[{"role":"user","content":"Status of T1001?"},{"role":"assistant","content":null,"tool_calls":[{"id":"BIWA7omWb","type":"function","function":{"name":"retrieve_payment_status","arguments":"{\\"transaction_id\\":\\"T1001\\"}"}}]},{"role":"tool","tool_call_id":"BIWA7omWb","content":"{\\"status\\":\\"paid\\"}"}],"max_tokens":256,"random_seed":7,"tools":[{"type":"function","function":{"name":"retrieve_payment_status","parameters":{"type":"object","properties":{"transaction_id":{"type":"string"}}}}}],"tool_choice":"any","stream":true}"`,
    );
  });
});

describe('mistral: unary', () => {
  it('answers text with the client model and the reported usage', () => {
    const { body, usage } = open({}).decodeResponse(fixture('chat-text.json'));
    expect(JSON.parse(body)).toMatchObject({
      id: 'cmpl-e5cc70bb28c444948073e77776eb30ef',
      model: 'small',
      choices: [{ message: { role: 'assistant', content: 'The best French cheese depends on personal taste, but Comté is a classic.' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 16, completion_tokens: 34, total_tokens: 50 },
    });
    expect(usage).toEqual({ inputTokens: 16, outputTokens: 34, cachedInputTokens: 0, cacheWriteInputTokens: 0, source: 'reported' });
  });

  it('answers a tool call', () => {
    const json = JSON.parse(open({}).decodeResponse(fixture('chat-tool-call.json')).body);
    expect(json.choices[0].finish_reason).toBe('tool_calls');
    expect(json.choices[0].message.tool_calls).toEqual([{ id: 'D681PevKs', type: 'function', function: { name: 'retrieve_payment_status', arguments: '{"transaction_id": "T1001"}' } }]);
  });
});

describe('mistral: streaming', () => {
  it('streams text and takes usage from the last chunk; no usage chunk unless asked', () => {
    const run = runStream(() => open({ stream: true }).createStreamTranslator(), fixture('stream-text.sse'));
    const chunks = dataOf(run.out);
    expect(chunks.map((c) => c.choices[0].delta.content ?? '').join('')).toBe('Bonjour! Comment puis-je vous aider ?');
    expect(chunks.at(-1).choices[0].finish_reason).toBe('stop');
    expect(chunks.every((c) => !('usage' in c) && c.model === 'small')).toBe(true);
    expect(run.out.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(run.end).toEqual({ tail: '', complete: true, usage: { inputTokens: 10, outputTokens: 10, cachedInputTokens: 0, cacheWriteInputTokens: 0, source: 'reported' } });
  });

  it('adds the usage-only final chunk when the client asked for it, at every chunk boundary', () => {
    const exchange = open({ stream: true, stream_options: { include_usage: true } });
    const result = expectSameAtEverySplit(() => exchange.createStreamTranslator(), fixture('stream-text.sse'));
    expect(result.mismatches).toEqual([]);
    const chunks = dataOf(result.whole.out);
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 } });
  });

  it('streams a whole tool call as OpenAI tool-call deltas', () => {
    const run = runStream(() => open({ stream: true }).createStreamTranslator(), fixture('stream-tool-call.sse'));
    expect(dataOf(run.out).map((c) => c.choices[0].delta)).toEqual([
      { role: 'assistant', content: '' },
      { tool_calls: [{ index: 0, id: 'D681PevKs', type: 'function', function: { name: 'retrieve_payment_status', arguments: '' } }] },
      { tool_calls: [{ index: 0, function: { arguments: '{"transaction_id": "T1001"}' } }] },
      {},
    ]);
    expect(run.end.usage).toEqual({ inputTokens: 167, outputTokens: 28, cachedInputTokens: 0, cacheWriteInputTokens: 0, source: 'reported' });
  });

  it('turns a mid-stream error into an OpenAI error chunk', () => {
    const translator = open({ stream: true }).createStreamTranslator();
    const out = translator.push(fixture('stream-error.sse'));
    expect(out.split('\n\n').filter(Boolean).at(-1)).toBe(
      'data: {"error":{"message":"The upstream provider failed while streaming.","type":"server_error","param":null,"code":"provider_error"}}',
    );
    expect(translator.end().complete).toBe(false);
  });

  it('estimates usage when the stream is cut before the last chunk', () => {
    const translator = open({ stream: true }).createStreamTranslator();
    translator.push(fixture('stream-cut.sse'));
    const end = translator.end();
    // "Bonjour! Comment" = 16 characters -> 4 tokens; prompt strings "user" + "Best French cheese?" = 23 -> 6, + 4.
    expect(end).toEqual({ tail: '', complete: false, usage: { inputTokens: 10, outputTokens: 4, cachedInputTokens: 0, cacheWriteInputTokens: 0, source: 'estimated' } });
    expect(translator.fail(new StreamInterruptedError({ message: 'cut' })).tail).toContain('"code":"stream_interrupted"');
  });

  it('is read by the openai SDK', async () => {
    const run = runStream(() => open({ stream: true }).createStreamTranslator(), fixture('stream-text.sse'));
    const server = await serve({ body: run.out, contentType: 'text/event-stream' });
    try {
      const client = new OpenAI({ apiKey: 'k', baseURL: server.url, maxRetries: 0 });
      let text = '';
      for await (const chunk of await client.chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'hi' }], stream: true })) {
        text += chunk.choices[0]?.delta.content ?? '';
      }
      expect(text).toBe('Bonjour! Comment puis-je vous aider ?');
    } finally {
      await server.close();
    }
  });
});

describe('mistral errors', () => {
  it.each([
    [400, 'error-400.json', 400, 'Prompt contains 40012 tokens and 0 draft tokens, too large for model with 32768 maximum context length'],
    [401, 'error-401.json', 502, 'The upstream provider rejected the gateway credentials for this model.'],
    [422, 'error-422.json', 400, 'messages: Field required'],
    [429, 'error-429.json', 429, 'The upstream provider is rate limiting requests for this model; retry later.'],
    [500, 'error-500.json', 500, 'The upstream provider failed with status 500.'],
  ])('upstream %i', (status, file, httpStatus, message) => {
    const error = open({}).decodeError({ status, bodyText: fixture(file), headers: {} });
    expect(error.httpStatus).toBe(httpStatus);
    expect(error.message).toBe(message);
    expect(error.provider).toBe('mistral');
  });
});
