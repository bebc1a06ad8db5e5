import Anthropic, { APIError, RateLimitError } from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completionText, mockControl, startMockLlm, type MockLlmServer } from '../src/index';

let mock: MockLlmServer;
let client: Anthropic;

beforeAll(async () => {
  mock = await startMockLlm();
  client = new Anthropic({ apiKey: 'sk-ant-test', baseURL: `${mock.url}/~us-east/anthropic`, maxRetries: 0 });
});
afterAll(() => mock.close());

const weatherTool = {
  name: 'get_weather',
  description: 'Weather for a city',
  input_schema: { type: 'object' as const, properties: { city: { type: 'string' }, unit: { enum: ['c', 'f'] } } },
};

describe('Anthropic messages through the @anthropic-ai/sdk', () => {
  it('answers unary with deterministic text and usage, system prompt counted', async () => {
    const msg = await client.messages.create({
      model: 'claude-sonnet-4-20250514',
      max_tokens: 100,
      system: 'You are terse.', // 14 chars
      messages: [{ role: 'user', content: 'Name a colour.' }], // 14 chars
    });
    expect(msg.type).toBe('message');
    expect(msg.id).toMatch(/^msg_01[A-Za-z0-9]{22}$/);
    expect(msg.content).toEqual([{ type: 'text', text: completionText(12) }]);
    expect(msg.stop_reason).toBe('end_turn');
    expect(msg.usage).toMatchObject({ input_tokens: 7, output_tokens: 12, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 });
    const [recorded] = await mockControl(mock.url).requests({ label: 'us-east', limit: 1 });
    // This SDK release sends the API key as a bearer token; x-api-key is accepted too (see the auth test).
    expect(recorded?.headers.authorization).toBe('Bearer sk-ant-test');
    expect(recorded?.headers['anthropic-version']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('streams the full event sequence that the SDK folds into the final message', async () => {
    const stream = client.messages.stream({
      model: 'claude-sonnet-4-20250514',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'Count. mock:tokens=4 mock:cached=2' }],
    });
    const events: string[] = [];
    stream.on('streamEvent', (event) => events.push(event.type));
    const final = await stream.finalMessage();
    expect(events).toEqual([
      'message_start', 'content_block_start',
      'content_block_delta', 'content_block_delta', 'content_block_delta', 'content_block_delta',
      'content_block_stop', 'message_delta', 'message_stop',
    ]);
    expect(final.content).toEqual([{ type: 'text', text: completionText(4) }]);
    // 34 chars -> 9 prompt tokens, 2 of them read from cache.
    expect(final.usage).toMatchObject({ input_tokens: 7, cache_read_input_tokens: 2, output_tokens: 4 });
    expect(final.stop_reason).toBe('end_turn');
  });

  it('produces tool_use blocks, unary and streamed with input_json_delta', async () => {
    const unary = await client.messages.create({
      model: 'claude-sonnet-4-20250514',
      max_tokens: 100,
      tools: [weatherTool],
      tool_choice: { type: 'any' },
      messages: [{ role: 'user', content: 'Weather in Oslo?' }],
    });
    expect(unary.stop_reason).toBe('tool_use');
    const block = unary.content[0];
    expect(block?.type).toBe('tool_use');
    if (block?.type !== 'tool_use') throw new Error('expected tool_use');
    expect(block.id).toMatch(/^toolu_01[A-Za-z0-9]{22}$/);
    expect(block.input).toEqual({ city: 'alpha bravo charlie', unit: 'c' });

    const streamed = await client.messages
      .stream({
        model: 'claude-sonnet-4-20250514',
        max_tokens: 100,
        tools: [weatherTool],
        messages: [{ role: 'user', content: 'Weather in Oslo? mock:tool mock:chunks=5' }],
      })
      .finalMessage();
    const streamedBlock = streamed.content[0];
    expect(streamedBlock?.type === 'tool_use' && streamedBlock.input).toEqual({ city: 'alpha bravo charlie', unit: 'c' });
    expect(streamed.stop_reason).toBe('tool_use');
  });

  it('maps an injected 429 to RateLimitError with retry-after', async () => {
    await mockControl(mock.url).setBehavior({
      match: { label: 'us-east', dialect: 'anthropic' },
      behavior: { status: 429, retryAfterSeconds: 7 },
      times: 1,
    });
    const error = await client.messages
      .create({ model: 'claude-sonnet-4-20250514', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    const rateLimit = error as RateLimitError;
    expect(rateLimit.status).toBe(429);
    expect(rateLimit.headers?.get('retry-after')).toBe('7');
    expect(rateLimit.error).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
    // times: 1 -> the next request succeeds again.
    const ok = await client.messages.create({ model: 'claude-sonnet-4-20250514', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
    expect(ok.type).toBe('message');
  });

  it('sends overloaded_error as an SSE error event mid-stream', async () => {
    const stream = client.messages.stream({
      model: 'claude-sonnet-4-20250514',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'mock:midstream-error' }],
    });
    const texts: string[] = [];
    stream.on('text', (t) => texts.push(t));
    const error = await stream.finalMessage().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).type).toBe('overloaded_error');
    expect(texts).toEqual(['alpha']);
  });

  it('uses the Anthropic error shape for auth and header failures', async () => {
    const noKey = await fetch(`${mock.url}/anthropic/v1/messages`, { method: 'POST', body: '{}' });
    expect(noKey.status).toBe(401);
    expect(await noKey.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error', message: 'x-api-key header is required' } });
    const noVersion = await fetch(`${mock.url}/anthropic/v1/messages`, { method: 'POST', headers: { 'x-api-key': 'k' }, body: '{}' });
    expect(noVersion.status).toBe(400);
    expect(await noVersion.json()).toMatchObject({ error: { type: 'invalid_request_error', message: 'anthropic-version: header is required' } });
    const withApiKey = await fetch(`${mock.url}/anthropic/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': 'k', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'claude', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(withApiKey.status).toBe(200);
    expect(withApiKey.headers.get('request-id')).toMatch(/^req_/);
    const invalidKey = await fetch(`${mock.url}/anthropic/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': 'invalid', 'anthropic-version': '2023-06-01' },
      body: '{}',
    });
    expect(invalidKey.status).toBe(401);
    expect(await invalidKey.json()).toMatchObject({ error: { type: 'authentication_error', message: 'invalid x-api-key' } });
    const noMaxTokens = await fetch(`${mock.url}/anthropic/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': 'k', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'claude', messages: [] }),
    });
    expect(noMaxTokens.status).toBe(400);
    expect(await noMaxTokens.json()).toMatchObject({ error: { message: 'max_tokens: Field required' } });
  });

  it('answers at /v1/messages too, so the SDK works with the bare mock URL', async () => {
    const bare = new Anthropic({ apiKey: 'k', baseURL: mock.url, maxRetries: 0 });
    const msg = await bare.messages.create({ model: 'claude', max_tokens: 3, messages: [{ role: 'user', content: 'hi' }] });
    expect(msg.usage.output_tokens).toBe(3);
    expect(msg.stop_reason).toBe('max_tokens');
  });
});
