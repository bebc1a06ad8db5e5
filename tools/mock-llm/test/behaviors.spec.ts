import OpenAI, { APIError, InternalServerError, RateLimitError } from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { completionText, mockControl, startMockLlm, type MockControl, type MockLlmServer } from '../src/index';

let mock: MockLlmServer;
let control: MockControl;

beforeAll(async () => {
  mock = await startMockLlm();
  control = mockControl(mock.url);
});
afterEach(() => control.reset());
afterAll(() => mock.close());

function chat(label: string | null, content: string, extra: Record<string, unknown> = {}, signal?: AbortSignal): Promise<Response> {
  const prefix = label ? `/~${label}` : '';
  return fetch(`${mock.url}${prefix}/openai/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }], ...extra }),
    ...(signal ? { signal } : {}),
  });
}

async function firstChunk(res: Response): Promise<{ text: string; reader: ReadableStreamDefaultReader<Uint8Array> }> {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const { value } = await reader.read();
  return { text: new TextDecoder().decode(value), reader };
}

describe('control API behaviours', () => {
  it('applies a rule to the next N matching requests of one virtual upstream only', async () => {
    await control.setBehavior({ match: { label: 'eu-primary' }, behavior: { status: 429, retryAfterSeconds: 3 }, times: 2 });
    expect((await control.setBehavior({ match: { label: 'never' }, behavior: { status: 500 } })) > 0).toBe(true);
    const other = await chat('eu-backup', 'hi');
    expect(other.status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const limited = await chat('eu-primary', 'hi');
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('3');
      expect(await limited.json()).toMatchObject({ error: { type: 'requests', code: 'rate_limit_exceeded' } });
    }
    expect((await chat('eu-primary', 'hi')).status).toBe(200);
    const listed = await fetch(`${mock.url}/__mock/behaviors`).then((r) => r.json() as Promise<{ behaviors: unknown[] }>);
    expect(listed.behaviors).toHaveLength(1); // the expired rule is gone, the unlimited one stays
  });

  it('renders each injected status with the dialect error body', async () => {
    const cases: Array<[number, string]> = [[400, 'invalid_request_error'], [401, 'invalid_request_error'], [403, 'request_forbidden'], [404, 'invalid_request_error'], [408, 'timeout'], [500, 'server_error'], [502, 'cf_bad_gateway'], [503, 'server_error'], [529, 'server_error']];
    for (const [status, type] of cases) {
      const res = await chat(null, `mock:fail=${status}`);
      expect(res.status).toBe(status);
      expect(((await res.json()) as { error: { type: string } }).error.type).toBe(type);
    }
  });

  it('surfaces injected failures as the openai SDK error classes', async () => {
    const client = new OpenAI({ apiKey: 'k', baseURL: `${mock.url}/openai/v1`, maxRetries: 0 });
    const ask = (content: string) => client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content }] }).catch((e: unknown) => e);
    expect(await ask('mock:fail=429')).toBeInstanceOf(RateLimitError);
    expect(await ask('mock:fail=500')).toBeInstanceOf(InternalServerError);
  });

  it('resets the connection before headers', async () => {
    await control.setBehavior({ behavior: { reset: 'before-headers' }, times: 1 });
    await expect(chat(null, 'hi')).rejects.toThrow();
    const [recorded] = await control.requests({ limit: 1 });
    expect(recorded).toMatchObject({ reset: true, aborted: false, status: 0 });
  });

  it('resets the connection after the first streamed chunk', async () => {
    const res = await chat(null, 'mock:reset=after-first-chunk', { stream: true });
    expect(res.status).toBe(200);
    const { text, reader } = await firstChunk(res);
    expect(text).toContain('"content":"alpha"');
    await expect(reader.read()).rejects.toThrow();
  });

  it('stalls before headers until the client gives up, and records the abort', async () => {
    await control.setBehavior({ match: { label: 'slow' }, behavior: { stall: 'before-headers' } });
    const started = Date.now();
    await expect(chat('slow', 'hi', {}, AbortSignal.timeout(200))).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    const recorded = await control.waitForRequest((r) => r.aborted, { label: 'slow' });
    expect(recorded).toMatchObject({ status: 0, completed: false, reset: false });
  });

  it('stalls after the first chunk; a client disconnect shows up as aborted', async () => {
    const controller = new AbortController();
    const res = await chat(null, 'mock:stall=after-first-chunk', { stream: true }, controller.signal);
    const { text } = await firstChunk(res);
    expect(text).toContain('"role":"assistant"');
    controller.abort();
    const recorded = await control.waitForRequest((r) => r.aborted);
    expect(recorded.status).toBe(200);
  });

  it('sends the OpenAI in-stream error after the first delta', async () => {
    const client = new OpenAI({ apiKey: 'k', baseURL: `${mock.url}/openai/v1`, maxRetries: 0 });
    const stream = await client.chat.completions.create({ model: 'gpt-4o', stream: true, messages: [{ role: 'user', content: 'mock:midstream-error' }] });
    const texts: string[] = [];
    const error = await (async () => {
      for await (const chunk of stream) texts.push(chunk.choices[0]?.delta.content ?? '');
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).message).toContain('The server had an error');
    expect(texts.join('')).toBe('alpha');
  });

  it('delays headers by latencyMs and paces streams by ttftMs and interChunkMs', async () => {
    await control.setBehavior({ behavior: { latencyMs: 120 }, times: 1 });
    let started = Date.now();
    expect((await chat(null, 'hi')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(115);

    await control.setBehavior({ behavior: { ttftMs: 100, interChunkMs: 30, outputTokens: 4 }, times: 1 });
    started = Date.now();
    const res = await chat(null, 'hi', { stream: true });
    const headersAt = Date.now() - started;
    const { text, reader } = await firstChunk(res);
    const firstAt = Date.now() - started;
    let rest = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      rest += new TextDecoder().decode(value);
    }
    const totalAt = Date.now() - started;
    expect(headersAt).toBeLessThan(90);
    expect(firstAt).toBeGreaterThanOrEqual(95);
    expect(totalAt - firstAt).toBeGreaterThanOrEqual(85); // three more deltas, 30 ms apart
    expect(text + rest).toContain('data: [DONE]');
  });

  it('mixes failures with a seeded failRate, reproducibly', async () => {
    const run = async (): Promise<number[]> => {
      await control.reset();
      await control.setBehavior({ match: { label: 'flaky' }, behavior: { failRate: 0.5, failWith: [429, { status: 503 }], seed: 42 } });
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) {
        const res = await chat('flaky', 'hi');
        await res.arrayBuffer();
        statuses.push(res.status);
      }
      return statuses;
    };
    const first = await run();
    const second = await run();
    expect(second).toEqual(first);
    expect(new Set(first)).toEqual(new Set([200, 429, 503]));
    const failures = first.filter((s) => s !== 200).length;
    expect(failures).toBeGreaterThan(10);
    expect(failures).toBeLessThan(30);
  });

  it('applies output tokens and chunk count from rules, with in-band directives winning', async () => {
    await control.setBehavior({ match: { model: 'gpt-4o-mini' }, behavior: { outputTokens: 7, chunks: 2 } });
    const unary = (await (await chat(null, 'hi')).json()) as { usage: { completion_tokens: number } };
    expect(unary.usage.completion_tokens).toBe(7);
    const streamed = await (await chat(null, 'hi mock:tokens=3', { stream: true })).text();
    const contents = [...streamed.matchAll(/"content":"([^"]+)"/g)].map((m) => m[1]);
    expect(contents).toEqual(['alpha', ' bravo charlie']);
    expect(contents.join('')).toBe(completionText(3));
  });
});

describe('request recording', () => {
  it('records label, dialect, credential and trace headers, body, and keeps a bounded buffer', async () => {
    await fetch(`${mock.url}/~tenant-a/openai/v1/chat/completions`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer sk-upstream',
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
        cookie: 'not-recorded',
      },
      body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'my email is [REDACTED]' }] }),
    }).then((r) => r.arrayBuffer());
    const [recorded] = await control.requests({ label: 'tenant-a' });
    expect(recorded).toMatchObject({
      label: 'tenant-a',
      dialect: 'openai',
      operation: 'chat',
      path: '/openai/v1/chat/completions',
      model: 'gpt-4o',
      status: 200,
      completed: true,
      aborted: false,
      body: { messages: [{ content: 'my email is [REDACTED]' }] },
    });
    expect(recorded?.headers).toMatchObject({ authorization: 'Bearer sk-upstream', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' });
    expect(recorded?.headers.cookie).toBeUndefined();
    expect(await control.requests({ label: 'nobody' })).toEqual([]);
    const stats = await control.stats();
    expect(stats).toMatchObject({ total: 1, completed: 1, inFlight: 0, byDialect: { openai: 1 }, byStatus: { '200': 1 } });
  });

  it('keeps only the last requests of a small ring buffer', async () => {
    const small = await startMockLlm({ recordLimit: 3 });
    try {
      for (let i = 0; i < 5; i++) {
        await fetch(`${small.url}/v1/models`, { headers: { authorization: 'Bearer k' } }).then((r) => r.arrayBuffer());
      }
      const seqs = (await mockControl(small.url).requests()).map((r) => r.seq);
      expect(seqs).toEqual([3, 4, 5]);
      expect((await mockControl(small.url).requests({ limit: 1 })).map((r) => r.seq)).toEqual([5]);
    } finally {
      await small.close();
    }
  });

  it('rejects malformed control requests', async () => {
    const res = await fetch(`${mock.url}/__mock/behaviors`, { method: 'POST', body: '{"times":1}' });
    expect(res.status).toBe(400);
    const unknown = await fetch(`${mock.url}/__mock/nothing`);
    expect(unknown.status).toBe(404);
  });
});
