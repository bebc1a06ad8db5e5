import 'reflect-metadata';
import { afterEach, describe, expect, it } from 'vitest';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Module } from '@nestjs/common';
import {
  createConsumerMetrics, createGatewayMetrics, createPolicyMetrics, MetricsRegistry, PROMETHEUS_CONTENT_TYPE,
  startMetricsServer, TelemetryModule, type CircuitState, type MetricsServer,
} from '../index';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function scrape(url: string): Promise<{ status: number; contentType: string | null; body: string }> {
  const res = await fetch(`${url}/metrics`);
  return { status: res.status, contentType: res.headers.get('content-type'), body: await res.text() };
}

async function serve(registry: MetricsRegistry): Promise<MetricsServer> {
  const server = await startMetricsServer({ registry, port: 0 });
  cleanups.push(() => server.close());
  return server;
}

describe('Prometheus /metrics', () => {
  it('shows exact counter and histogram values after known observations', async () => {
    const registry = new MetricsRegistry();
    const gateway = createGatewayMetrics(registry);
    gateway.requests.inc({ tenant: 'acme', model: 'gpt-4o', provider: 'openai', status: '200' });
    gateway.requests.inc({ tenant: 'acme', model: 'gpt-4o', provider: 'openai', status: '200' });
    gateway.requests.inc({ tenant: 'acme', model: 'gpt-4o', provider: 'openai', status: '429' });
    gateway.tokens.inc({ tenant: 'acme', model: 'gpt-4o', type: 'input' }, 120);
    gateway.spend.inc({ tenant: 'acme', model: 'gpt-4o' }, 0.25);
    gateway.spend.inc({ tenant: 'acme', model: 'gpt-4o' }, 0.5);
    gateway.fallbacks.inc({ tenant: 'acme', model: 'gpt-4o', reason: 'rate_limited' });
    for (const seconds of [0.03, 0.2, 0.2, 0.9, 45]) gateway.timeToFirstToken.observe({ tenant: 'acme', model: 'gpt-4o' }, seconds);

    const { status, contentType, body } = await scrape((await serve(registry)).url);
    expect(status).toBe(200);
    expect(contentType).toBe(PROMETHEUS_CONTENT_TYPE);
    const lines = body.split('\n');
    expect(lines).toContain('# TYPE asc_gateway_requests_total counter');
    expect(lines).toContain('asc_gateway_requests_total{tenant="acme",model="gpt-4o",provider="openai",status="200"} 2');
    expect(lines).toContain('asc_gateway_requests_total{tenant="acme",model="gpt-4o",provider="openai",status="429"} 1');
    expect(lines).toContain('asc_gateway_tokens_total{tenant="acme",model="gpt-4o",type="input"} 120');
    expect(lines).toContain('asc_gateway_spend_usd_total{tenant="acme",model="gpt-4o"} 0.75');
    expect(lines).toContain('asc_gateway_fallbacks_total{tenant="acme",model="gpt-4o",reason="rate_limited"} 1');
    expect(lines).toContain('# TYPE asc_gateway_time_to_first_token_seconds histogram');
    const ttft = lines.filter((line) => line.startsWith('asc_gateway_time_to_first_token_seconds'));
    expect(ttft).toEqual([
      ...[
        ['0.01', 0], ['0.025', 0], ['0.05', 1], ['0.1', 1], ['0.2', 3], ['0.35', 3], ['0.5', 3], ['0.75', 3], ['1', 4],
        ['1.5', 4], ['2', 4], ['3', 4], ['5', 4], ['10', 4], ['30', 4], ['+Inf', 5],
      ].map(([le, n]) => `asc_gateway_time_to_first_token_seconds_bucket{tenant="acme",model="gpt-4o",le="${le}"} ${n}`),
      'asc_gateway_time_to_first_token_seconds_sum{tenant="acme",model="gpt-4o"} 46.33',
      'asc_gateway_time_to_first_token_seconds_count{tenant="acme",model="gpt-4o"} 5',
    ]);
    // Declared but never observed: HELP/TYPE only, no samples.
    expect(body).toContain('# HELP asc_gateway_retries_total Retried upstream attempts, by reason.\n# TYPE asc_gateway_retries_total counter\n# HELP');
  });

  it('reads scrape-time gauges (circuit state, spool depth, consumer lag) from their sources', async () => {
    const registry = new MetricsRegistry();
    const circuits = new Map<string, CircuitState>([['openai-eu', 'closed'], ['anthropic-us', 'open']]);
    let spool = 7;
    createGatewayMetrics(registry, { circuitStates: () => circuits.entries(), spoolDepth: () => spool });
    createConsumerMetrics(registry, 'metering', () => [{ topic: 'usage.recorded.v1', partition: 0, lag: 42 }]);
    const { url } = await serve(registry);

    let { body } = await scrape(url);
    expect(body).toContain('asc_gateway_circuit_state{deployment="openai-eu"} 0\nasc_gateway_circuit_state{deployment="anthropic-us"} 2\n');
    expect(body).toContain('asc_gateway_spool_depth_events 7\n');
    expect(body).toContain('asc_metering_consumer_lag_messages{topic="usage.recorded.v1",partition="0"} 42\n');

    circuits.set('anthropic-us', 'half-open');
    circuits.delete('openai-eu');
    spool = 0;
    ({ body } = await scrape(url));
    expect(body).toContain('asc_gateway_circuit_state{deployment="anthropic-us"} 1\n');
    expect(body).not.toContain('deployment="openai-eu"');
    expect(body).toContain('asc_gateway_spool_depth_events 0\n');
  });

  it('escapes label values and bounds label cardinality', () => {
    const registry = new MetricsRegistry();
    const denials = registry.counter({ name: 'asc_test_denials_total', help: 'Help with \\ and\nnewline.', labelNames: ['reason'], maxSeries: 2 });
    denials.inc({ reason: 'say "no"\\\n' });
    denials.inc({ reason: 'b' });
    denials.inc({ reason: 'c' });
    denials.inc({ reason: 'd' }, 2);
    expect(registry.render()).toBe(
      '# HELP asc_test_denials_total Help with \\\\ and\\nnewline.\n' +
        '# TYPE asc_test_denials_total counter\n' +
        'asc_test_denials_total{reason="say \\"no\\"\\\\\\n"} 1\n' +
        'asc_test_denials_total{reason="b"} 1\n' +
        'asc_test_denials_total{reason="_other"} 3\n',
    );
  });

  it('rejects invalid names, duplicate metrics and unsorted buckets', () => {
    const registry = new MetricsRegistry();
    expect(() => registry.counter({ name: 'bad-name', help: '' })).toThrow(/invalid metric name/);
    expect(() => registry.counter({ name: 'ok_total', help: '', labelNames: ['le'] })).toThrow(/invalid label name/);
    registry.counter({ name: 'ok_total', help: '' });
    expect(() => registry.gauge({ name: 'ok_total', help: '' })).toThrow(/already registered/);
    expect(() => registry.histogram({ name: 'h_seconds', help: '', buckets: [1, 0.5] })).toThrow(/ascending/);
  });

  it('serves policy metrics from a Nest application on Fastify', async () => {
    const registry = new MetricsRegistry();
    const policy = createPolicyMetrics(registry);
    policy.decisions.inc({ decision: 'deny' });
    policy.denials.inc({ tenant: 'acme', reason: 'MODEL_NOT_ALLOWED' });
    policy.decisionDuration.observe({}, 0.0003);

    @Module({ imports: [TelemetryModule.forRoot({ registry })] })
    class AppModule {}
    const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter(), { logger: false });
    cleanups.push(() => app.close());
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { status, contentType, body } = await scrape(await app.getUrl());
    expect(status).toBe(200);
    expect(contentType).toBe(PROMETHEUS_CONTENT_TYPE);
    expect(body).toContain('asc_policy_denials_total{tenant="acme",reason="MODEL_NOT_ALLOWED"} 1\n');
    expect(body).toContain('asc_policy_decisions_total{decision="deny"} 1\n');
    expect(body).toContain('asc_policy_decision_duration_seconds_bucket{le="0.0005"} 1\n');
    expect(body).toContain('asc_policy_decision_duration_seconds_bucket{le="0.00025"} 0\n');
    expect(body).toContain('asc_policy_decision_duration_seconds_count 1\n');
  });

  it('answers only /metrics on the standalone server', async () => {
    const { url } = await serve(new MetricsRegistry());
    expect((await fetch(`${url}/other`)).status).toBe(404);
    expect((await fetch(`${url}/metrics`, { method: 'POST' })).status).toBe(405);
  });
});
