import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completionText, mockControl, startMockLlm, type MockLlmServer } from '../src/index';
import { parseSse } from './sse';

let mock: MockLlmServer;
beforeAll(async () => {
  mock = await startMockLlm();
});
afterAll(() => mock.close());

function post(path: string, body: unknown, key = 'mistral-key'): Promise<Response> {
  return fetch(`${mock.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

const tools = [
  { type: 'function', function: { name: 'get_time', parameters: { type: 'object', properties: { zone: { type: 'string' } } } } },
];

interface MistralChunk {
  id: string;
  object: string;
  choices: Array<{ index: number; delta: { content?: string; tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }> }; finish_reason: string | null }>;
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

describe('Mistral chat completions (raw HTTP)', () => {
  it('answers unary in the Mistral shape', async () => {
    const res = await post('/mistral/v1/chat/completions', { model: 'mistral-small-latest', messages: [{ role: 'user', content: 'Bonjour !' }] });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body.id).toMatch(/^[0-9a-f]{32}$/);
    expect(body).toMatchObject({
      object: 'chat.completion',
      model: 'mistral-small-latest',
      usage: { prompt_tokens: 3, completion_tokens: 12, total_tokens: 15 },
      choices: [{ index: 0, message: { role: 'assistant', content: completionText(12), tool_calls: null }, finish_reason: 'stop' }],
    });
  });

  it('always puts usage in the final streamed chunk, without stream_options', async () => {
    const res = await post('/mistral/v1/chat/completions', {
      model: 'mistral-small-latest',
      stream: true,
      messages: [{ role: 'user', content: 'Bonjour ! mock:tokens=3' }],
    });
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const events = parseSse(await res.text());
    expect(events.at(-1)?.data).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e.data) as MistralChunk);
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe(completionText(3));
    const last = chunks.at(-1);
    expect(last?.choices[0]?.finish_reason).toBe('stop');
    expect(last?.usage).toEqual({ prompt_tokens: 6, completion_tokens: 3, total_tokens: 9 });
    expect(chunks.slice(0, -1).every((c) => c.usage === undefined)).toBe(true);
  });

  it('honours tool_choice "any" with a 9-alphanumeric tool call id, unary and streamed', async () => {
    const unary = await post('/mistral/v1/chat/completions', { model: 'mistral-large-latest', tool_choice: 'any', tools, messages: [{ role: 'user', content: 'time?' }] });
    const body = (await unary.json()) as { choices: Array<{ message: { tool_calls: Array<{ id: string; function: { name: string; arguments: string } }> }; finish_reason: string }> };
    const call = body.choices[0]?.message.tool_calls[0];
    expect(call?.id).toMatch(/^[A-Za-z0-9]{9}$/);
    expect(call?.function.name).toBe('get_time');
    expect(JSON.parse(call?.function.arguments ?? '')).toEqual({ zone: 'alpha bravo charlie' });
    expect(body.choices[0]?.finish_reason).toBe('tool_calls');

    const streamed = await post('/mistral/v1/chat/completions', { model: 'mistral-large-latest', stream: true, tool_choice: 'any', tools, messages: [{ role: 'user', content: 'time?' }] });
    const chunks = parseSse(await streamed.text()).slice(0, -1).map((e) => JSON.parse(e.data) as MistralChunk);
    const withCalls = chunks.filter((c) => c.choices[0]?.delta.tool_calls);
    expect(withCalls).toHaveLength(1); // Mistral sends the whole call in one delta
    expect(withCalls[0]?.choices[0]?.delta.tool_calls?.[0]?.id).toMatch(/^[A-Za-z0-9]{9}$/);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('uses Mistral error bodies: gateway shape for 401/429, service shape otherwise', async () => {
    const unauthorized = await post('/mistral/v1/chat/completions', { model: 'm', messages: [] }, 'invalid');
    expect(unauthorized.status).toBe(401);
    expect(await unauthorized.json()).toMatchObject({ message: 'Unauthorized' });

    const limited = await post('/mistral/v1/chat/completions', { model: 'm', messages: [{ role: 'user', content: 'mock:fail=429' }] });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(await limited.json()).toMatchObject({ message: 'Requests rate limit exceeded' });

    const failed = await post('/mistral/v1/chat/completions', { model: 'm', messages: [{ role: 'user', content: 'mock:fail=500' }] });
    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual({ object: 'error', message: 'Internal server error', type: 'internal_server_error', param: null, code: null });
  });

  it('serves embeddings with 1024 dimensions for mistral-embed', async () => {
    const res = await post('/mistral/v1/embeddings', { model: 'mistral-embed', input: ['one', 'two'] });
    const body = (await res.json()) as { object: string; data: Array<{ embedding: number[]; index: number }>; usage: Record<string, number> };
    expect(body.object).toBe('list');
    expect(body.data.map((d) => d.index)).toEqual([0, 1]);
    expect(body.data[0]?.embedding).toHaveLength(1024);
    expect(body.usage).toEqual({ prompt_tokens: 2, total_tokens: 2, completion_tokens: 0 });
    const [recorded] = await mockControl(mock.url).requests({ dialect: 'mistral', limit: 1 });
    expect(recorded?.operation).toBe('embeddings');
  });
});
