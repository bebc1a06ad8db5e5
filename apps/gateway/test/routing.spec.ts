import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DeploymentHealth } from '../src/routing/deployment-health';
import { EVENT_SINK, type MemoryEventSink } from '../src/usage/event-sink';
import { startGatewayHarness, type GatewayHarness } from './harness';

/** Failure injection with the mock provider: fallbacks, retries, deadlines and circuit breaking. */
describe('resilient routing', () => {
  let h: GatewayHarness;
  let client: OpenAI;
  let key: string;
  let tenantId: string;
  const ids: Record<string, string> = {};
  const sink = () => h.app.get<typeof EVENT_SINK, MemoryEventSink>(EVENT_SINK);
  const chat = (content: string, extra: Record<string, unknown> = {}) =>
    fetch(`${h.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }], ...extra }),
    });
  const requestsTo = async (label: string) => (await h.mock.requests({ label })).length;

  beforeAll(async () => {
    h = await startGatewayHarness({ ASC_UPSTREAM_IDLE_TIMEOUT_MS: '1000' });
    const actor = 'test';
    const tenant = await h.store.createTenant({ actor, slug: 'routing', name: 'routing' });
    tenantId = tenant.id;
    const cred = await h.store.createCredential({ actor, provider: 'openai', name: 'c', secret: 'sk-route', tenantId });
    const anthropic = await h.store.createCredential({ actor, provider: 'anthropic', name: 'a', secret: 'sk-route-a', tenantId });
    const deploy = async (label: string, model: string, priority: number, provider: 'openai' | 'anthropic' = 'openai') => {
      const d = await h.store.createDeployment({
        actor, tenantId, model, provider, upstreamModel: model, priority, region: 'eu-west-1',
        baseUrl: provider === 'openai' ? `${h.mockUrl}/~${label}/openai/v1` : `${h.mockUrl}/~${label}/anthropic`,
        credentialId: provider === 'openai' ? cred.id : anthropic.id,
      });
      ids[label] = d.id;
    };
    await deploy('primary', 'gpt-4o-mini', 0);
    await deploy('secondary', 'gpt-4o-mini', 1);
    await deploy('claude', 'claude-sonnet-4-6', 0, 'anthropic');
    key = (await h.store.createApiKey({ actor, tenantId, name: 'k' })).secret;
    await h.settle();
    client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: key, maxRetries: 0 });
  });
  afterAll(async () => h?.close());
  beforeEach(async () => {
    await h.mock.reset();
    h.app.get(DeploymentHealth).configure({});
  });

  it.each([
    ['429', { status: 429, retryAfterSeconds: 30 }],
    ['500', { status: 500 }],
    ['connection reset', { reset: 'before-headers' as const }],
  ])('a primary failing with %s is replaced by the fallback deployment', async (_name, behavior) => {
    await h.mock.setBehavior({ match: { label: 'primary' }, behavior });
    const response = await chat('hello');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-asc-route')).toMatch(new RegExp(`^${ids.primary}:[^,]+,${ids.secondary}:200$`));
    const outcome = sink().recent.at(-1)!.outcome;
    expect(outcome.served?.deploymentId).toBe(ids.secondary);
    expect(outcome.attempts).toHaveLength(2);
  });

  it('falls back when a stream stalls before its first token, within the deadline', async () => {
    await h.store.setRoutingRule({ actor: 'test', tenantId, model: 'gpt-4o-mini', ttftDeadlineMs: 300 });
    await h.settle();
    await h.mock.setBehavior({ match: { label: 'primary' }, behavior: { stall: 'before-headers' } });
    const started = Date.now();
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text.length).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(sink().recent.at(-1)!.outcome.served?.deploymentId).toBe(ids.secondary);
    await h.store.deleteRoutingRule({ actor: 'test', tenantId, model: 'gpt-4o-mini' });
    await h.settle();
  });

  it('never retries after the first byte reached the client', async () => {
    await h.mock.setBehavior({ match: { label: 'primary' }, behavior: { stall: 'after-first-chunk' } });
    const response = await chat('hi', { stream: true });
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).toContain('"error"');
    expect(body).not.toContain('[DONE]');
    expect(await requestsTo('secondary')).toBe(0);
    expect(sink().recent.at(-1)!.outcome.status).toBe('interrupted');
  });

  it('honours retry-after when retrying the same deployment', async () => {
    await h.store.setRoutingRule({ actor: 'test', tenantId, model: 'gpt-4o-mini', maxRetries: 1, retryBaseMs: 10 });
    await h.settle();
    await h.mock.setBehavior({ match: { label: 'primary' }, behavior: { status: 429, retryAfterSeconds: 1 }, times: 1 });
    const started = Date.now();
    const response = await chat('hello again');
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(sink().recent.at(-1)!.outcome.served?.deploymentId).toBe(ids.primary);
    expect(await requestsTo('primary')).toBe(2);
    await h.store.deleteRoutingRule({ actor: 'test', tenantId, model: 'gpt-4o-mini' });
    await h.settle();
  });

  it('falls back to another model, translated, when every deployment of the alias fails', async () => {
    await h.store.setRoutingRule({ actor: 'test', tenantId, model: 'gpt-4o-mini', fallbackModels: ['claude-sonnet-4-6'] });
    await h.settle();
    await h.mock.setBehavior({ match: { model: 'gpt-4o-mini' }, behavior: { status: 503 } });
    const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
    expect(completion.model).toBe('gpt-4o-mini');
    expect(sink().recent.at(-1)!.outcome.served?.deploymentId).toBe(ids.claude);
    expect(await requestsTo('claude')).toBe(1);
    await h.store.deleteRoutingRule({ actor: 'test', tenantId, model: 'gpt-4o-mini' });
    await h.settle();
  });

  it('does not fall back on the caller\'s own errors', async () => {
    await h.mock.setBehavior({ match: { label: 'primary' }, behavior: { status: 400 } });
    const response = await chat('bad');
    expect(response.status).toBe(400);
    expect(await requestsTo('secondary')).toBe(0);
  });

  it('opens a circuit after repeated failures and closes it after recovery', async () => {
    h.app.get(DeploymentHealth).configure({ consecutiveFailures: 3, openMs: 400, minRequests: 100 });
    await h.mock.setBehavior({ match: { label: 'primary' }, behavior: { status: 500 } });
    for (let i = 0; i < 3; i++) expect((await chat(`fail ${i}`)).status).toBe(200);
    expect(await requestsTo('primary')).toBe(3);
    // Open: the primary is skipped without being called.
    const skipped = await chat('skip');
    expect(skipped.headers.get('x-asc-route')).toBe(`${ids.primary}:CIRCUIT_OPEN,${ids.secondary}:200`);
    expect(await requestsTo('primary')).toBe(3);
    const health = (await (await fetch(`${h.url}/admin/v1/deployments/health`, { headers: { authorization: `Bearer ${h.config.ASC_ADMIN_TOKEN}` } })).json()) as { deploymentId: string; state: string }[];
    expect(health.find((d) => d.deploymentId === ids.primary)?.state).toBe('open');
    // Recovery: after the open period a half-open probe goes through, succeeds, and closes the circuit.
    await h.mock.clearBehaviors();
    await new Promise((r) => setTimeout(r, 450));
    const probe = await chat('probe');
    expect(probe.headers.get('x-asc-route')).toBe(`${ids.primary}:200`);
    expect(h.app.get(DeploymentHealth).breaker(ids.primary!).snapshot().state).toBe('closed');
  });
});
