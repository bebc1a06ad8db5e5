import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRecordedV1, TOPICS, usageRecordedV1 } from '@asc/contracts/events';
import { AdminStore, Database } from '@asc/db';
import { createTestDatabase, type TestDatabase } from '@asc/db/testing';
import { startBroker } from '@asc/dev-broker';
import { ensureTopics } from '@asc/kafka';
import { startMockLlm, type MockLlmServer } from '@asc/mock-llm';
import { EnvelopeCipher, parseMasterKeyring } from '@asc/secrets';
import { OTLP_SPAN_KIND, startOtlpCollector, type CollectedSpan, type OtlpCollector } from '@asc/telemetry/testing';
import { metricValue, poll, startServiceProcess, type ServiceProcess } from './service-process';

const LISTENING = /listening on (http:\/\/[\d.]+:\d+)/;

/**
 * One request, one trace, four processes: the gateway in remote decision mode asks the policy service (gRPC Check,
 * trace context in metadata), publishes its usage event (trace context in the Kafka headers) and metering and audit
 * continue the trace when they consume it. Every process exports over OTLP to the collector of this test, and
 * serves Prometheus /metrics that this test scrapes after the traffic.
 */
describe('one trace across gateway, policy and metering; /metrics on every service', () => {
  let collector: OtlpCollector;
  let database: TestDatabase;
  let broker: Awaited<ReturnType<typeof startBroker>>;
  let mock: MockLlmServer;
  let policy: ServiceProcess;
  let metering: ServiceProcess;
  let audit: ServiceProcess;
  let gateway: ServiceProcess;
  let apiKey: string;
  let tenantId: string;
  const dataDir = mkdtempSync(join(tmpdir(), 'asc-tracing-e2e-'));
  const secrets = {
    ASC_KEY_HASH_SECRET: randomBytes(32).toString('base64url'),
    ASC_MASTER_KEYS: `e2e:${randomBytes(32).toString('base64')}`,
    ASC_ADMIN_TOKEN: `admin-${randomBytes(24).toString('base64url')}`,
  };

  beforeAll(async () => {
    collector = await startOtlpCollector();
    database = await createTestDatabase();
    broker = await startBroker({ port: 0, dataDir });
    const kafkaAdmin = new Kafka({ clientId: 'e2e', brokers: [broker.brokers], logLevel: logLevel.NOTHING }).admin();
    await kafkaAdmin.connect();
    await ensureTopics(kafkaAdmin, TOPICS, { replicationFactor: 1 });
    await kafkaAdmin.disconnect();
    mock = await startMockLlm({ port: 0 });
    const otel = {
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_TRACES_SAMPLER: 'parentbased_always_on',
      OTEL_BSP_SCHEDULE_DELAY: '50',
    };
    const common = { ...secrets, ...otel, DATABASE_URL: database.databaseUrl };

    policy = await startServiceProcess(
      'apps/policy/dist/main.js',
      // Decision audit events go through the policy service's spool to Kafka (and on to audit).
      { ...common, ASC_POLICY_GRPC_PORT: '0', ASC_POLICY_HTTP_PORT: '0', KAFKA_BROKERS: broker.brokers, ASC_SPOOL_DIR: join(dataDir, 'spool-policy') },
      [/gRPC listening on ([\d.]+:\d+)/, /admin HTTP listening on (http:\/\/[\d.]+:\d+)/],
    );
    const file = {
      apiVersion: 'asc.policy/v1',
      tenants: [
        {
          slug: 'traced',
          name: 'Traced',
          policy: { approvedModels: ['gpt-4o-mini'], guardrails: { pii: { card: 'block' } } },
          deployments: [{ model: 'gpt-4o-mini', provider: 'openai', baseUrl: `${mock.url}/openai/v1`, region: 'eu-west-1' }],
        },
      ],
    };
    const applied = await fetch(`${policy.matches[1]}/admin/v1/policy/apply`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secrets.ASC_ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ file }),
    });
    expect(applied.status).toBe(200);

    const db = Database.connect(database.databaseUrl, { poolSize: 1 });
    try {
      const store = new AdminStore({ db, cipher: new EnvelopeCipher(parseMasterKeyring(secrets.ASC_MASTER_KEYS)), keyPepper: secrets.ASC_KEY_HASH_SECRET });
      const tenant = await store.getTenant('traced');
      tenantId = tenant.id;
      const credential = await store.createCredential({ actor: 'test', provider: 'openai', name: 'traced', secret: 'sk-traced', tenantId });
      for (const d of await store.listDeployments({ tenantId })) await store.updateDeployment({ actor: 'test', deploymentId: d.id, credentialId: credential.id });
      apiKey = (await store.createApiKey({ actor: 'test', tenantId, name: 'e2e' })).secret;
    } finally {
      await db.close();
    }

    const kafka = { KAFKA_BROKERS: broker.brokers, ASC_CONSUMER_LAG_POLL_MS: '200' };
    [metering, audit, gateway] = await Promise.all([
      startServiceProcess('apps/metering/dist/main.js', { ...common, ...kafka, ASC_METERING_PORT: '0' }, [LISTENING]),
      startServiceProcess('apps/audit/dist/main.js', { ...common, ...kafka, ASC_AUDIT_PORT: '0', ASC_AUDIT_CONSUMERS: '1', ASC_AUDIT_SIGNING_KEY: randomBytes(32).toString('base64') }, [LISTENING]),
      startServiceProcess(
        'apps/gateway/dist/main.js',
        {
          ...common,
          KAFKA_BROKERS: broker.brokers,
          ASC_GATEWAY_PORT: '0',
          ASC_EVENTS_ENABLED: 'true',
          ASC_SPOOL_DIR: join(dataDir, 'spool'),
          ASC_POLICY_ADDRESS: policy.matches[0]!,
          ASC_POLICY_DECISIONS: 'remote',
        },
        [LISTENING],
      ),
    ]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([gateway?.stop(), metering?.stop(), audit?.stop(), policy?.stop()]);
    await broker?.close();
    await mock?.close();
    await collector?.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const chat = (content: string, headers: Record<string, string> = {}) =>
    fetch(`${gateway.matches[0]}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ model: 'gpt-4o-mini', max_tokens: 16, messages: [{ role: 'user', content }] }),
    });
  const scrape = async (service: ServiceProcess, index = 0) => (await fetch(`${service.matches[index]}/metrics`)).text();

  it('exports one trace spanning the caller, gateway, policy (gRPC) and metering (Kafka) for one request', async () => {
    const traceId = randomBytes(16).toString('hex');
    const callerSpanId = randomBytes(8).toString('hex');
    const response = await chat('hello', { traceparent: `00-${traceId}-${callerSpanId}-01` });
    expect(response.status).toBe(200);
    await response.text();

    const inTrace = (spans: readonly CollectedSpan[]) => spans.filter((s) => s.traceId === traceId);
    const spans = inTrace(
      await collector.waitFor((all) => {
        const mine = inTrace(all);
        return ['asc-gateway', 'asc-policy', 'asc-metering', 'asc-audit'].every((service) => mine.some((s) => s.serviceName === service));
      }, 30_000),
    );
    const one = (service: string, kind: number, name?: string) => {
      const found = spans.filter((s) => s.serviceName === service && s.kind === kind && (name === undefined || s.name === name));
      expect(found, `${service} ${kind} ${name ?? ''}: ${JSON.stringify(spans.map((s) => [s.serviceName, s.kind, s.name]))}`).toHaveLength(1);
      return found[0]!;
    };
    const server = one('asc-gateway', OTLP_SPAN_KIND.server);
    const checkClient = one('asc-gateway', OTLP_SPAN_KIND.client, 'asc.policy.v1.PolicyService/Check');
    const checkServer = one('asc-policy', OTLP_SPAN_KIND.server);
    const metered = one('asc-metering', OTLP_SPAN_KIND.consumer);
    const audited = one('asc-audit', OTLP_SPAN_KIND.consumer);

    expect(server.parentSpanId).toBe(callerSpanId);
    expect(checkClient.parentSpanId).toBe(server.spanId);
    expect(checkServer.parentSpanId).toBe(checkClient.spanId);
    expect(checkServer).toMatchObject({
      name: 'asc.policy.v1.PolicyService/Check',
      attributes: { 'rpc.system': 'grpc', 'rpc.service': 'asc.policy.v1.PolicyService', 'rpc.method': 'Check', 'rpc.grpc.status_code': 0, 'asc.policy.allowed': true },
    });
    // The events carry the gateway request span's context, so both consumers are its children.
    expect(metered.parentSpanId).toBe(server.spanId);
    expect(metered).toMatchObject({
      name: `process ${usageRecordedV1.topic}`,
      attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': usageRecordedV1.topic, 'messaging.operation': 'process', 'messaging.consumer.group.name': 'asc-metering' },
    });
    expect(audited.parentSpanId).toBe(server.spanId);
    expect(audited.attributes['messaging.destination.name']).toBe(auditRecordedV1.topic);
    // Every span with a parent in this trace points at a span of this trace (or at the caller's).
    const ids = new Set([callerSpanId, ...spans.map((s) => s.spanId)]);
    for (const span of spans) expect(ids.has(span.parentSpanId), `${span.serviceName} ${span.name}`).toBe(true);
  }, 60_000);

  it('serves /metrics on policy, metering and audit with the values of the traffic they handled', async () => {
    const blocked = await chat('My card is 4111 1111 1111 1111');
    expect(blocked.status).toBe(403);
    expect(await blocked.json()).toMatchObject({ error: { code: 'policy_denied', message: expect.stringContaining('PII_BLOCKED') } });

    // Policy: two Check calls (one allowed, one denied for PII), on its admin HTTP port.
    const policyText = await scrape(policy, 1);
    expect(metricValue(policyText, 'asc_policy_grpc_requests_total{method="Check",code="OK"}')).toBe(2);
    expect(metricValue(policyText, 'asc_policy_grpc_request_duration_seconds_count{method="Check"}')).toBe(2);
    expect(metricValue(policyText, 'asc_policy_decisions_total{decision="allow"}')).toBe(1);
    expect(metricValue(policyText, 'asc_policy_decisions_total{decision="deny"}')).toBe(1);
    expect(metricValue(policyText, `asc_policy_denials_total{tenant="${tenantId}",reason="PII_BLOCKED"}`)).toBe(1);
    expect(metricValue(policyText, 'asc_policy_decision_duration_seconds_count')).toBe(2);

    // Metering: one usage event, for the request that reached a deployment; processed, committed, no lag left.
    const usage = `topic="${usageRecordedV1.topic}"`;
    const meteringText = await poll(
      () => scrape(metering),
      (text) => metricValue(text, `asc_metering_consumer_messages_total{${usage},outcome="ok"}`) === 1 && lagOf(text, 'asc_metering') === 0,
    );
    expect(metricValue(meteringText, `asc_metering_consumer_messages_total{${usage},outcome="dead_lettered"}`)).toBeUndefined();
    expect(metricValue(meteringText, `asc_metering_consumer_batch_duration_seconds_count{${usage}}`)).toBeGreaterThanOrEqual(1);
    expect(meteringText).toContain(`asc_metering_consumer_lag_messages{${usage},partition="0"} 0\n`);

    // Audit: per request, the gateway's request record (the denied one included) and the policy service's decision
    // record; all consumed, no lag left, and nothing left in the policy service's spool.
    const auditText = await poll(
      () => scrape(audit),
      (text) => metricValue(text, `asc_audit_consumer_messages_total{topic="${auditRecordedV1.topic}",outcome="ok"}`) === 4 && lagOf(text, 'asc_audit') === 0,
    );
    expect(metricValue(await scrape(policy, 1), 'asc_policy_spool_depth_events')).toBe(0);
    expect(auditText).toContain(`asc_audit_consumer_lag_messages{topic="${auditRecordedV1.topic}",partition="0"} 0\n`);
  }, 60_000);

  it('fails closed with a 503 in the caller\'s dialect when the policy service cannot be reached', async () => {
    await policy.stop();
    const openai = await chat('hello');
    expect(openai.status).toBe(503);
    expect(await openai.json()).toEqual({ error: { message: expect.stringContaining('policy service'), type: 'server_error', param: null, code: 'policy_unavailable' } });
    const anthropic = await fetch(`${gateway.matches[0]}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': apiKey, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', max_tokens: 16, messages: [{ role: 'user', content: 'hello' }] }),
    });
    expect(anthropic.status).toBe(503);
    expect(await anthropic.json()).toEqual({ type: 'error', error: { type: 'overloaded_error', message: expect.stringContaining('policy service') } });
  }, 30_000);
});

/** Sum of a consumer's lag gauge over its partitions; undefined before the first offsets were read. */
function lagOf(text: string, prefix: string): number | undefined {
  const values = [...text.matchAll(new RegExp(`^${prefix}_consumer_lag_messages\\{[^}]*\\} (\\S+)$`, 'gm'))].map((m) => Number(m[1]));
  return values.length === 0 ? undefined : values.reduce((a, b) => a + b, 0);
}
