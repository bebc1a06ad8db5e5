import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTelemetry, type Telemetry } from '@asc/telemetry';
import { startOtlpCollector, OTLP_SPAN_KIND, type OtlpCollector } from '@asc/telemetry/testing';
import { startGatewayHarness, seedTenant, type GatewayHarness } from './harness';

/** `/metrics` per tenant, and traces exported over OTLP that continue the caller's W3C trace upstream. */
describe('gateway observability', () => {
  let h: GatewayHarness;
  let collector: OtlpCollector;
  let telemetry: Telemetry;
  let acme: { tenantId: string; secret: string };
  let globex: { tenantId: string; secret: string };
  const saved = { ...process.env };

  beforeAll(async () => {
    collector = await startOtlpCollector();
    Object.assign(process.env, {
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_TRACES_SAMPLER: 'parentbased_always_on',
      OTEL_BSP_SCHEDULE_DELAY: '50',
    });
    telemetry = startTelemetry({ serviceName: 'asc-gateway' });
    h = await startGatewayHarness();
    acme = await seedTenant(h, 'metrics-acme');
    globex = await seedTenant(h, 'metrics-globex');
  });
  afterAll(async () => {
    await h?.close();
    await telemetry?.shutdown();
    await collector?.close();
    process.env = saved;
  });

  const chat = (key: string, content: string, stream: boolean, headers: Record<string, string> = {}) =>
    fetch(`${h.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ model: 'gpt-4o-mini', stream, messages: [{ role: 'user', content }] }),
    }).then((r) => r.text());

  it('reports per-tenant time-to-first-token and request counts that match what was sent', async () => {
    for (let i = 0; i < 3; i++) await chat(acme.secret, `stream ${i}`, true);
    await chat(acme.secret, 'unary', false);
    await chat(globex.secret, 'globex stream', true);
    const text = await (await fetch(`${h.url}/metrics`)).text();
    const value = (line: string) => Number(new RegExp(`^${line.replace(/[{}"]/g, (c) => `\\${c}`)} (\\S+)$`, 'm').exec(text)?.[1]);
    expect(value(`asc_gateway_time_to_first_token_seconds_count{tenant="${acme.tenantId}",model="gpt-4o-mini"}`)).toBe(3);
    expect(value(`asc_gateway_time_to_first_token_seconds_count{tenant="${globex.tenantId}",model="gpt-4o-mini"}`)).toBe(1);
    expect(value(`asc_gateway_requests_total{tenant="${acme.tenantId}",model="gpt-4o-mini",provider="openai",status="succeeded"}`)).toBe(4);
    expect(value(`asc_gateway_tokens_total{tenant="${acme.tenantId}",model="gpt-4o-mini",type="output"}`)).toBe(48);
  });

  it('counts fallbacks by reason per tenant', async () => {
    await h.store.createDeployment({
      actor: 'test', tenantId: acme.tenantId, model: 'gpt-4o-mini', provider: 'openai', upstreamModel: 'gpt-4o-mini',
      baseUrl: `${h.mockUrl}/~backup/openai/v1`, region: 'eu-west-1', priority: 5,
    });
    await h.settle();
    // Only the unlabeled (primary) upstream fails; the backup deployment answers.
    await h.mock.setBehavior({ match: { label: null as unknown as string, model: 'gpt-4o-mini' }, behavior: { status: 429 }, times: 2 });
    await chat(acme.secret, 'first', false);
    await chat(acme.secret, 'second', false);
    const text = await (await fetch(`${h.url}/metrics`)).text();
    expect(text).toMatch(new RegExp(`asc_gateway_fallbacks_total\\{tenant="${acme.tenantId}",model="gpt-4o-mini",reason="rate_limited"\\} 2`));
  });

  it('exports a server span and a GenAI span per request, continuing the caller trace upstream', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    await h.mock.clearRequests();
    await chat(globex.secret, 'traced', true, { traceparent: `00-${traceId}-00f067aa0ba902b7-01` });
    const spans = await collector.waitFor((s) => s.filter((x) => x.traceId === traceId).length >= 2, 10_000);
    const mine = spans.filter((s) => s.traceId === traceId);
    const server = mine.find((s) => s.kind === OTLP_SPAN_KIND.server)!;
    const genAi = mine.find((s) => s.kind === OTLP_SPAN_KIND.client)!;
    expect(server.name).toBe('POST /v1/chat/completions');
    expect(server.parentSpanId).toBe('00f067aa0ba902b7');
    expect(genAi.parentSpanId).toBe(server.spanId);
    expect(genAi.attributes['gen_ai.request.model']).toBe('gpt-4o-mini');
    expect(genAi.attributes['gen_ai.usage.output_tokens']).toBe(12);
    expect(genAi.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
    const [upstream] = await h.mock.requests({ limit: 1 });
    expect(upstream?.headers.traceparent).toContain(`00-${traceId}-${genAi.spanId}-`);
  });
});
