import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatewayHarness, seedTenant, type GatewayHarness } from './harness';

/** The official `@anthropic-ai/sdk` client pointed at the gateway (its key travels as `x-api-key`). */
describe('Anthropic Messages surface through the official SDK', () => {
  let h: GatewayHarness;
  let client: Anthropic;

  beforeAll(async () => {
    h = await startGatewayHarness();
    const { secret } = await seedTenant(h, 'initech');
    client = new Anthropic({ baseURL: h.url, apiKey: secret, maxRetries: 0 });
  });
  afterAll(async () => h?.close());

  it('answers a message with Anthropic usage, passing the body through to an Anthropic deployment', async () => {
    const message = await client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 256, messages: [{ role: 'user', content: 'Hello, Claude.' }] });
    expect(message.type).toBe('message');
    expect(message.model).toBe('claude-sonnet-4-6');
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage.output_tokens).toBe(12);
    const [recorded] = await h.mock.requests({ limit: 1 });
    expect(recorded?.headers['x-api-key']).toBe('sk-upstream-anthropic-initech');
    expect(recorded?.headers['anthropic-version']).toBeDefined();
  });

  it('streams the full event sequence', async () => {
    const stream = client.messages.stream({ model: 'claude-sonnet-4-6', max_tokens: 256, messages: [{ role: 'user', content: 'Stream it' }] });
    const events: string[] = [];
    stream.on('streamEvent', (event) => events.push(event.type));
    const final = await stream.finalMessage();
    expect(events[0]).toBe('message_start');
    expect(events).toContain('content_block_delta');
    expect(events.at(-1)).toBe('message_stop');
    expect(final.usage.output_tokens).toBe(12);
  });

  it('uses tools', async () => {
    const message = await client.messages.create({
      model: 'claude-sonnet-4-6',
      max_tokens: 256,
      tools: [{ name: 'lookup', description: 'look up', input_schema: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] } }],
      messages: [{ role: 'user', content: 'look it up mock:tool' }],
    });
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content.find((b) => b.type === 'tool_use')).toMatchObject({ name: 'lookup' });
  });

  it('translates an Anthropic request to an OpenAI deployment and back, streamed', async () => {
    const unary = await client.messages.create({ model: 'gpt-4o-mini', max_tokens: 100, system: 'be short', messages: [{ role: 'user', content: 'Hi GPT' }] });
    expect(unary.type).toBe('message');
    expect(unary.usage.output_tokens).toBe(12);
    const [recorded] = await h.mock.requests({ limit: 1 });
    expect(recorded?.dialect).toBe('openai');

    const stream = client.messages.stream({ model: 'gpt-4o-mini', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] });
    const final = await stream.finalMessage();
    const text = final.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
    expect(text.split(' ').filter(Boolean)).toHaveLength(12);
    expect(final.usage.output_tokens).toBe(12);
  });

  it('maps errors to Anthropic error types', async () => {
    await expect(client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 10, messages: [{ role: 'user', content: 'mock:fail=429' }] })).rejects.toBeInstanceOf(Anthropic.RateLimitError);
    const bad = await fetch(`${h.url}/v1/messages`, { method: 'POST', headers: { 'x-api-key': client.apiKey ?? '', 'content-type': 'application/json' }, body: '{"model":' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    const missingMaxTokens = await fetch(`${h.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': client.apiKey ?? '', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'x' }] }),
    });
    expect(missingMaxTokens.status).toBe(400);
    const noKey = await fetch(`${h.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(noKey.status).toBe(401);
    expect(await noKey.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
  });

  it('ends a stream that fails upstream with an error event, never with message_stop', async () => {
    const response = await fetch(`${h.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': client.apiKey ?? '', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 50, stream: true, messages: [{ role: 'user', content: 'mock:reset' }] }),
    });
    const body = await response.text();
    if (response.status === 200) {
      expect(body).toContain('event: error');
      expect(body).not.toContain('message_stop');
    } else {
      // reset before headers: the gateway answers with a proper error response instead
      expect(response.status).toBeGreaterThanOrEqual(500);
    }
  });
});
