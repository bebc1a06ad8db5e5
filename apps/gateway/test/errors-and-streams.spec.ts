import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_SINK, type MemoryEventSink } from '../src/usage/event-sink';
import { startGatewayHarness, seedTenant, type GatewayHarness } from './harness';

/** Error mapping, bad input, client aborts and broken streams on the OpenAI surface. */
describe('gateway errors and stream failures', () => {
  let h: GatewayHarness;
  let key: string;
  let client: OpenAI;
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${h.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const sink = () => h.app.get<typeof EVENT_SINK, MemoryEventSink>(EVENT_SINK);

  beforeAll(async () => {
    h = await startGatewayHarness({ ASC_MAX_BODY_BYTES: String(64 * 1024) });
    key = (await seedTenant(h, 'umbrella')).secret;
    client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: key, maxRetries: 0 });
  });
  afterAll(async () => h?.close());

  it.each([
    [429, 429, 'rate_limit_exceeded'],
    [400, 400, 'invalid_request_error'],
    [404, 404, 'invalid_request_error'],
    [408, 408, undefined],
    [500, 500, undefined],
    [503, 503, undefined],
    [401, 502, undefined],
  ])('upstream %i reaches the client as %i in the OpenAI error shape', async (upstream, expected) => {
    await h.mock.setBehavior({ match: { model: 'gpt-4o-mini' }, behavior: { status: upstream, retryAfterSeconds: 7 }, times: 1 });
    const response = await post({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
    expect(response.status).toBe(expected);
    const body = (await response.json()) as { error: { message: string; type: string } };
    expect(typeof body.error.message).toBe('string');
    expect(typeof body.error.type).toBe('string');
    if (upstream === 429) expect(response.headers.get('retry-after')).toBe('7');
    // the provider credential of the deployment never leaks into a client error
    expect(JSON.stringify(body)).not.toContain('sk-upstream');
  });

  it('rejects bad input with clear 4xx errors', async () => {
    const malformed = await post('{"model": "gpt-4o-mini", ');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { type: 'invalid_request_error' } });

    const noMessages = await post({ model: 'gpt-4o-mini' });
    expect(noMessages.status).toBe(400);
    expect(await noMessages.json()).toMatchObject({ error: { param: 'messages' } });

    const noModel = await post({ messages: [{ role: 'user', content: 'x' }] });
    expect(noModel.status).toBe(400);

    const tooBig = await post({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x'.repeat(100 * 1024) }] });
    expect(tooBig.status).toBe(413);
    expect(await tooBig.json()).toMatchObject({ error: { type: 'invalid_request_error' } });

    const unknownModel = await post({ model: 'gpt-9-ultra', messages: [{ role: 'user', content: 'x' }] });
    expect(unknownModel.status).toBe(404);
    expect(await unknownModel.json()).toMatchObject({ error: { code: 'model_not_found' } });

    const wrongKey = await post({ model: 'gpt-4o-mini', messages: [] }, { authorization: 'Bearer sk-asc-not-a-real-key-000000000000000000000000000' });
    expect(wrongKey.status).toBe(401);
    expect(await wrongKey.json()).toMatchObject({ error: { type: 'invalid_request_error', code: 'invalid_api_key' } });

    const unknownRoute = await fetch(`${h.url}/v1/nothing-here`, { headers: { authorization: `Bearer ${key}` } });
    expect(unknownRoute.status).toBe(404);
  });

  it('revoked and expired keys stop working at once, and a rotated key keeps working during its grace period', async () => {
    const tenant = await h.store.getTenant('umbrella');
    const issued = await h.store.createApiKey({ actor: 'test', tenantId: tenant.id, name: 'short-lived' });
    await h.settle();
    const asKey = (secret: string) => post({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] }, { authorization: `Bearer ${secret}` });
    expect((await asKey(issued.secret)).status).toBe(200);

    const rotated = await h.store.rotateApiKey({ actor: 'test', keyId: issued.key.id, gracePeriodSeconds: 3600 });
    await h.settle();
    expect((await asKey(issued.secret)).status).toBe(200);
    expect((await asKey(rotated.secret)).status).toBe(200);

    await h.store.revokeApiKey({ actor: 'test', keyId: rotated.previous.id });
    await h.settle();
    expect((await asKey(issued.secret)).status).toBe(401);
    expect((await asKey(rotated.secret)).status).toBe(200);

    const expiring = await h.store.createApiKey({ actor: 'test', tenantId: tenant.id, name: 'expiring', expiresAt: new Date(Date.now() + 1500) });
    await h.settle();
    expect((await asKey(expiring.secret)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1600));
    const expired = await asKey(expiring.secret);
    expect(expired.status).toBe(401);
    expect(await expired.text()).toContain('expired');
  });

  it('ends a stream that fails upstream with an error event and no [DONE], and records estimated usage', async () => {
    const response = await post({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'tell me mock:midstream-error' }] });
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).toContain('"error"');
    expect(body).not.toContain('[DONE]');
    const interrupted = sink().recent.at(-1);
    expect(interrupted?.outcome.status).toBe('interrupted');
    expect(interrupted?.outcome.usage?.source).toBe('estimated');
    expect(interrupted?.outcome.usage?.inputTokens).toBeGreaterThan(0);
    expect(interrupted?.outcome.usage?.outputTokens).toBeGreaterThan(0);

    // A connection reset before any byte: the SDK sees an error response, never a normal finish.
    await expect(
      (async () => {
        const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'again mock:reset' }] });
        for await (const _chunk of stream) void _chunk;
      })(),
    ).rejects.toMatchObject({ status: 502 });
    expect(sink().recent.at(-1)?.outcome.status).toBe('failed');
  });

  it('cancels the upstream request when the client disconnects mid-stream', async () => {
    await h.mock.clearRequests();
    await h.mock.setBehavior({ match: { model: 'gpt-4o-mini' }, behavior: { interChunkMs: 200, outputTokens: 40 }, times: 1 });
    const controller = new AbortController();
    const response = await post({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'a long answer please' }] }, {});
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    await reader.cancel();
    const recorded = await h.mock.waitForRequest((r) => r.aborted === true, {}, 5000);
    expect(recorded.aborted).toBe(true);
    await expect.poll(() => sink().recent.at(-1)?.outcome.status, { timeout: 5000 }).toBe('cancelled');
    expect(sink().recent.at(-1)?.outcome.usage?.source).toBe('estimated');
  });

  it('records provider usage for streams whose client did not ask for it', async () => {
    await post({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'count me' }] }).then((r) => r.text());
    const last = sink().recent.at(-1);
    expect(last?.outcome.status).toBe('succeeded');
    expect(last?.outcome.usage).toMatchObject({ inputTokens: 2, outputTokens: 12, source: 'reported' });
  });

  it('answers health and readiness', async () => {
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${h.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready' });
  });
});
