import OpenAI, { AzureOpenAI, AuthenticationError } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completionText, mockControl, startMockLlm, type MockLlmServer } from '../src/index';

let mock: MockLlmServer;
let client: OpenAI;

beforeAll(async () => {
  mock = await startMockLlm();
  client = new OpenAI({ apiKey: 'sk-test', baseURL: `${mock.url}/openai/v1`, maxRetries: 0 });
});
afterAll(() => mock.close());

const question = 'What is the capital of France?'; // 30 chars -> 8 prompt tokens

describe('OpenAI chat completions through the openai SDK', () => {
  it('answers unary with deterministic content and usage', async () => {
    const res = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'Be brief.' }, // 9 chars
        { role: 'user', content: question },
      ],
    });
    expect(res.object).toBe('chat.completion');
    expect(res.id).toMatch(/^chatcmpl-[A-Za-z0-9]{29}$/);
    expect(res.model).toBe('gpt-4o-mini');
    expect(res.choices[0]?.message.content).toBe(completionText(12));
    expect(res.choices[0]?.finish_reason).toBe('stop');
    expect(res.usage).toMatchObject({ prompt_tokens: 10, completion_tokens: 12, total_tokens: 22 });
    expect(res.usage?.prompt_tokens_details?.cached_tokens).toBe(0);
  });

  it('streams without usage unless stream_options.include_usage is set', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      stream: true,
      messages: [{ role: 'user', content: `${question} mock:tokens=5` }],
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.every((c) => !('usage' in c))).toBe(true);
    expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    expect(text).toBe(completionText(5));
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('stop');
  });

  it('with include_usage every chunk has usage null and a final empty-choices chunk carries usage', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: question }],
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage).toMatchObject({ prompt_tokens: 8, completion_tokens: 12, total_tokens: 20 });
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
    expect(chunks.slice(1, -2).length).toBe(12); // one content delta per token by default
  });

  it('streams tool calls that the SDK accumulates into a complete call', async () => {
    const stream = client.chat.completions.stream({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tool_choice: 'required',
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            parameters: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' } }, required: ['city'] },
          },
        },
      ],
    });
    const final = await stream.finalChatCompletion();
    const call = final.choices[0]?.message.tool_calls?.[0];
    expect(final.choices[0]?.finish_reason).toBe('tool_calls');
    expect(call?.type).toBe('function');
    expect(call?.id).toMatch(/^call_[A-Za-z0-9]{24}$/);
    if (call?.type !== 'function') throw new Error('expected a function call');
    expect(call.function.name).toBe('get_weather');
    expect(JSON.parse(call.function.arguments)).toEqual({ city: 'alpha bravo charlie', days: 1 });
  });

  it('answers a unary tool call when asked in-band with mock:tool', async () => {
    const res = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'mock:tool' }],
      tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: {} } } }],
    });
    expect(res.choices[0]?.message.content).toBeNull();
    const call = res.choices[0]?.message.tool_calls?.[0];
    expect(call?.type === 'function' && call.function.name).toBe('lookup');
  });

  it('returns valid JSON for response_format json_schema and json_object', async () => {
    const schemaRes = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'structured please' }],
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'answer',
          schema: { type: 'object', properties: { name: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } }, ok: { type: 'boolean' } } },
        },
      },
    });
    const parsed = JSON.parse(schemaRes.choices[0]?.message.content ?? '') as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['name', 'tags', 'ok']);
    expect(parsed.ok).toBe(true);
    const objectRes = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'json please' }],
      response_format: { type: 'json_object' },
    });
    expect(JSON.parse(objectRes.choices[0]?.message.content ?? '')).toEqual({ result: completionText(12) });
  });

  it('cuts the answer at max_completion_tokens with finish_reason length', async () => {
    const res = await client.chat.completions.create({
      model: 'gpt-4o',
      max_completion_tokens: 4,
      messages: [{ role: 'user', content: 'long story' }],
    });
    expect(res.choices[0]?.finish_reason).toBe('length');
    expect(res.usage?.completion_tokens).toBe(4);
    expect(res.choices[0]?.message.content).toBe(completionText(4));
  });

  it('rejects stream_options without stream, as OpenAI does', async () => {
    const error = await client.chat.completions
      .create({ model: 'gpt-4o', stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect((error as { status: number }).status).toBe(400);
    expect((error as Error).message).toContain("'stream_options' parameter is only allowed");
  });

  it('reports configured cached prompt tokens', async () => {
    const control = mockControl(mock.url);
    await control.setBehavior({ match: { model: 'gpt-cached' }, behavior: { cachedInputTokens: 6 }, times: 1 });
    const res = await client.chat.completions.create({ model: 'gpt-cached', messages: [{ role: 'user', content: question }] });
    expect(res.usage?.prompt_tokens_details?.cached_tokens).toBe(6);
  });

  it('serves the same routes without the /openai segment, and lists models', async () => {
    const bare = new OpenAI({ apiKey: 'sk-test', baseURL: `${mock.url}/v1`, maxRetries: 0 });
    const res = await bare.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
    expect(res.usage?.prompt_tokens).toBe(1);
    const models = [];
    for await (const model of bare.models.list()) models.push(model.id);
    expect(models).toContain('gpt-4o-mini');
  });

  it('rejects a missing or invalid key with 401 in the OpenAI error shape', async () => {
    const bad = new OpenAI({ apiKey: 'invalid', baseURL: `${mock.url}/openai/v1`, maxRetries: 0 });
    const error = await bad.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).code).toBe('invalid_api_key');
    const raw = await fetch(`${mock.url}/openai/v1/chat/completions`, { method: 'POST', body: '{}' });
    expect(raw.status).toBe(401);
    const body = (await raw.json()) as { error: { type: string; param: null; code: null } };
    expect(body.error).toMatchObject({ type: 'invalid_request_error', param: null, code: null });
  });
});

describe('OpenAI embeddings through the openai SDK', () => {
  it('decodes the default base64 encoding to the same unit vector as the float encoding', async () => {
    const viaBase64 = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['hello world', 'bye'] });
    expect(viaBase64.data).toHaveLength(2);
    expect(viaBase64.usage).toEqual({ prompt_tokens: 4, total_tokens: 4 });
    const requests = await mockControl(mock.url).requests({ limit: 1 });
    expect(requests[0]?.body).toMatchObject({ encoding_format: 'base64' });
    const viaFloat = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'hello world', encoding_format: 'float' });
    const a = viaBase64.data[0]?.embedding ?? [];
    const b = viaFloat.data[0]?.embedding ?? [];
    expect(a).toHaveLength(1536);
    expect(a).toEqual(b);
    expect(Math.hypot(...a)).toBeCloseTo(1, 5);
  });

  it('honours dimensions', async () => {
    const res = await client.embeddings.create({ model: 'text-embedding-3-large', input: 'x', dimensions: 256 });
    expect(res.data[0]?.embedding).toHaveLength(256);
  });
});

describe('Azure OpenAI through the AzureOpenAI client', () => {
  it('routes by deployment, authenticates with api-key and adds content filter results', async () => {
    const azure = new AzureOpenAI({
      apiKey: 'azure-key',
      endpoint: `${mock.url}/~westeurope/azure`,
      apiVersion: '2024-10-21',
      deployment: 'prod-gpt4o',
      maxRetries: 0,
    });
    const res = await azure.chat.completions.create({ model: 'ignored', messages: [{ role: 'user', content: question }] });
    expect(res.usage?.prompt_tokens).toBe(8);
    expect((res as unknown as { prompt_filter_results: unknown[] }).prompt_filter_results).toHaveLength(1);
    const [recorded] = await mockControl(mock.url).requests({ label: 'westeurope', limit: 1 });
    expect(recorded).toMatchObject({ dialect: 'azure', model: 'ignored', query: 'api-version=2024-10-21' });
    expect(recorded?.headers['api-key']).toBe('azure-key');
    const stream = await azure.chat.completions.create({ model: 'x', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    expect(text).toBe(completionText(12));
  });

  it('answers 404 without api-version', async () => {
    const res = await fetch(`${mock.url}/azure/openai/deployments/d/chat/completions`, {
      method: 'POST',
      headers: { 'api-key': 'k' },
      body: JSON.stringify({ messages: [] }),
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: '404', message: 'Resource not found' } });
  });
});
