import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatewayHarness, seedTenant, type GatewayHarness } from './harness';

/** The official `openai` client pointed at the gateway, unchanged, against the mock provider. */
describe('OpenAI surface through the official SDK', () => {
  let h: GatewayHarness;
  let client: OpenAI;

  beforeAll(async () => {
    h = await startGatewayHarness();
    const { secret } = await seedTenant(h, 'acme');
    client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: secret, maxRetries: 0 });
  });
  afterAll(async () => h?.close());

  it('answers a chat completion with the provider usage and the model name the caller used', async () => {
    const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello there, gateway!' }] });
    expect(completion.object).toBe('chat.completion');
    expect(completion.model).toBe('gpt-4o-mini');
    expect(completion.choices[0]?.message.content?.length).toBeGreaterThan(0);
    // mock: ceil(21 chars / 4) = 6 input tokens, 12 output tokens by default
    expect(completion.usage).toMatchObject({ prompt_tokens: 6, completion_tokens: 12, total_tokens: 18 });
    const [recorded] = await h.mock.requests({ limit: 1 });
    expect(recorded?.headers.authorization).toBe('Bearer sk-upstream-openai-acme');
  });

  it('streams chunks with usage when the client asks for it', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'stream please' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text.split(' ').filter(Boolean)).toHaveLength(12);
    expect(usage).toMatchObject({ prompt_tokens: 4, completion_tokens: 12 });
  });

  it('streams exactly what the provider sends when the client did not ask for usage', async () => {
    const response = await fetch(`${h.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${client.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'no usage please' }] }),
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const body = await response.text();
    expect(body).not.toContain('"usage"');
    expect(body.trimEnd().endsWith('data: [DONE]')).toBe(true);
    // ...while the gateway still asked the provider for usage, to meter the request.
    const [recorded] = await h.mock.requests({ limit: 1 });
    expect((recorded?.body as { stream_options?: unknown }).stream_options).toEqual({ include_usage: true });
  });

  it('passes tools through and returns tool calls, streamed and not', async () => {
    const tools: OpenAI.ChatCompletionTool[] = [
      { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } },
    ];
    const unary = await client.chat.completions.create({ model: 'gpt-4o-mini', tools, messages: [{ role: 'user', content: 'weather in Paris? mock:tool' }] });
    const call = unary.choices[0]?.message.tool_calls?.[0];
    expect(unary.choices[0]?.finish_reason).toBe('tool_calls');
    expect(call?.type === 'function' && call.function.name).toBe('get_weather');

    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', tools, stream: true, messages: [{ role: 'user', content: 'weather? mock:tool' }] });
    let name = '';
    let args = '';
    for await (const chunk of stream) {
      for (const tc of chunk.choices[0]?.delta.tool_calls ?? []) {
        name += tc.function?.name ?? '';
        args += tc.function?.arguments ?? '';
      }
    }
    expect(name).toBe('get_weather');
    expect(() => JSON.parse(args)).not.toThrow();
  });

  it('returns JSON content for response_format json_object', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      response_format: { type: 'json_object' },
      messages: [{ role: 'user', content: 'answer in JSON' }],
    });
    expect(() => JSON.parse(completion.choices[0]?.message.content ?? '')).not.toThrow();
  });

  it('creates embeddings (the SDK asks for base64 by default)', async () => {
    const result = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['one', 'two'] });
    expect(result.data).toHaveLength(2);
    expect(result.data[0]?.embedding.length).toBeGreaterThan(0);
    expect(result.usage.prompt_tokens).toBeGreaterThan(0);
  });

  it('routes an OpenAI-format request to a Claude deployment and translates back, unary and streamed', async () => {
    const completion = await client.chat.completions.create({
      model: 'claude-sonnet-4-6',
      messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi Claude' }],
    });
    expect(completion.object).toBe('chat.completion');
    expect(completion.model).toBe('claude-sonnet-4-6');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage?.completion_tokens).toBe(12);
    const [recorded] = await h.mock.requests({ limit: 1 });
    expect(recorded?.dialect).toBe('anthropic');
    expect((recorded?.body as { system?: unknown }).system).toBeDefined();

    const stream = await client.chat.completions.create({ model: 'claude-sonnet-4-6', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'Hi' }] });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text.split(' ').filter(Boolean)).toHaveLength(12);
    expect(usage?.completion_tokens).toBe(12);
  });

  it('serves a Mistral deployment through the OpenAI surface', async () => {
    const completion = await client.chat.completions.create({ model: 'mistral-small-latest', messages: [{ role: 'user', content: 'Bonjour' }] });
    expect(completion.choices[0]?.message.content?.length).toBeGreaterThan(0);
    const [recorded] = await h.mock.requests({ limit: 1 });
    expect(recorded?.dialect).toBe('mistral');
  });

  it('lists only the models the tenant may use', async () => {
    const other = await seedTenant(h, 'globex');
    await h.store.createDeployment({
      actor: 'test', tenantId: other.tenantId, model: 'globex-private-model', provider: 'openai', upstreamModel: 'gpt-4o', baseUrl: `${h.mockUrl}/openai/v1`, region: 'us-east-1',
    });
    await h.settle();
    const models = await client.models.list();
    const ids = models.data.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(['gpt-4o-mini', 'claude-sonnet-4-6', 'text-embedding-3-small']));
    expect(ids).not.toContain('globex-private-model');
    await expect(client.chat.completions.create({ model: 'globex-private-model', messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({ status: 404 });
  });
});
