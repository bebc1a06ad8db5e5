import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { propagation, trace } from '@opentelemetry/api';
import { credentials, makeGenericClientConstructor, Metadata, Server as GrpcServer, ServerCredentials, type ServiceDefinition } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  contextWith, endSpan, extractGrpcContext, extractHttpContext, extractKafkaContext, injectGrpcMetadata, injectHttpHeaders,
  injectKafkaHeaders, JsonLogger, runInSpan, SpanKind, startGenAiSpan, startSpan, startTelemetry, traceContextOf,
  type Context, type KafkaHeaders, type Telemetry,
} from '../index';
import { OTLP_SPAN_KIND, startOtlpCollector, type CollectedSpan, type OtlpCollector } from '../testing';

// One simulated request: client -> gateway (HTTP) -> policy (gRPC) -> upstream model call (GenAI span)
// -> usage event (Kafka headers) -> metering consumer. Spans go to an in-test OTLP/HTTP JSON collector.

const passthrough = (value: Buffer): Buffer => value;
const policyService: ServiceDefinition = {
  check: {
    path: '/asc.test.Policy/Check',
    requestStream: false,
    responseStream: false,
    requestSerialize: passthrough,
    requestDeserialize: passthrough,
    responseSerialize: passthrough,
    responseDeserialize: passthrough,
  },
};

interface PolicyClient {
  check(request: Buffer, metadata: Metadata, callback: (error: Error | null, response?: Buffer) => void): void;
  close(): void;
}

let collector: OtlpCollector;
let telemetry: Telemetry;
let grpcServer: GrpcServer;
let policy: PolicyClient;
let gateway: Server;
let gatewayUrl: string;
const consumed: { ctx: Context; headers: KafkaHeaders }[] = [];

/** What kafkajs hands a consumer: every header value as a Buffer. */
function overTheWire(headers: KafkaHeaders): KafkaHeaders {
  const out: KafkaHeaders = {};
  for (const [key, value] of Object.entries(headers)) if (typeof value === 'string') out[key] = Buffer.from(value);
  return out;
}

function meteringConsumer(headers: KafkaHeaders): void {
  const ctx = extractKafkaContext(headers);
  consumed.push({ ctx, headers });
  const span = startSpan('usage.recorded.v1 process', { kind: SpanKind.CONSUMER, parent: ctx, attributes: { 'messaging.system': 'kafka' } });
  endSpan(span);
}

function checkPolicy(parent: Context): Promise<void> {
  const span = startSpan('asc.policy.v1.PolicyService/Check', { kind: SpanKind.CLIENT, parent, attributes: { 'rpc.system': 'grpc' } });
  const metadata = injectGrpcMetadata(new Metadata(), contextWith(span, parent));
  return new Promise((resolve, reject) => {
    policy.check(Buffer.from('{}'), metadata, (error) => {
      endSpan(span, error ?? undefined);
      if (error) reject(error);
      else resolve();
    });
  });
}

async function handleChat(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const incoming = extractHttpContext(req.headers);
  const server = startSpan('POST /v1/chat/completions', { kind: SpanKind.SERVER, parent: incoming });
  // Children hang off the server span; the incoming context also carries the caller's baggage.
  const ctx = contextWith(server, incoming);
  await checkPolicy(ctx);
  const call = startGenAiSpan({ operation: 'chat', provider: 'anthropic', requestModel: 'claude-sonnet-4', stream: true, parent: ctx, attributes: { 'asc.tenant.id': 'tenant-a' } });
  const upstreamHeaders = injectHttpHeaders<Record<string, string>>({}, call.context);
  await new Promise((resolve) => setTimeout(resolve, 5));
  call.firstChunk();
  call.end({ responseModel: 'claude-sonnet-4-20250514', inputTokens: 12, outputTokens: 34, finishReasons: ['stop'] });
  // The usage event is produced in the request's context; the consumer sees only Buffers.
  const producer = startSpan('usage.recorded.v1 publish', { kind: SpanKind.PRODUCER, parent: ctx });
  const kafkaHeaders = injectKafkaHeaders<KafkaHeaders>({ schema: 'usage.recorded.v1' }, contextWith(producer, ctx));
  endSpan(producer);
  meteringConsumer(overTheWire(kafkaHeaders));
  endSpan(server);
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ upstreamHeaders }));
}

function post(headers: Record<string, string>): Promise<{ upstreamHeaders: Record<string, string> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${gatewayUrl}/v1/chat/completions`, { method: 'POST', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve(JSON.parse(body) as { upstreamHeaders: Record<string, string> }));
    });
    req.on('error', reject);
    req.end('{}');
  });
}

beforeAll(async () => {
  collector = await startOtlpCollector();
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT = collector.url;
  process.env.OTEL_EXPORTER_OTLP_PROTOCOL = 'http/json';
  process.env.OTEL_BSP_SCHEDULE_DELAY = '20';
  telemetry = startTelemetry({ serviceName: 'telemetry-spec', serviceVersion: '1.2.3' });

  grpcServer = new GrpcServer();
  grpcServer.addService(policyService, {
    check: (call: { metadata: Metadata }, callback: (error: null, response: Buffer) => void) => {
      const span = startSpan('asc.policy.v1.PolicyService/Check', { kind: SpanKind.SERVER, parent: extractGrpcContext(call.metadata) });
      endSpan(span);
      callback(null, Buffer.from('{"allow":true}'));
    },
  });
  const grpcPort = await new Promise<number>((resolve, reject) =>
    grpcServer.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve(port))),
  );
  const Client = makeGenericClientConstructor(policyService, 'Policy');
  policy = new Client(`127.0.0.1:${grpcPort}`, credentials.createInsecure()) as unknown as PolicyClient;

  gateway = createServer((req, res) => void handleChat(req, res));
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
});

afterAll(async () => {
  policy?.close();
  await new Promise<void>((resolve) => (grpcServer ? grpcServer.tryShutdown(() => resolve()) : resolve()));
  await new Promise<void>((resolve) => (gateway ? gateway.close(() => resolve()) : resolve()));
  await telemetry?.shutdown();
  await collector?.close();
});

function byName(spans: readonly CollectedSpan[], name: string, kind: number): CollectedSpan {
  const found = spans.find((span) => span.name === name && span.kind === kind);
  if (found === undefined) throw new Error(`no span ${name} (kind ${kind}) among ${spans.map((s) => s.name).join(', ')}`);
  return found;
}

describe('trace propagation across HTTP, gRPC and Kafka headers', () => {
  it('exports one trace with correct parent/child links and GenAI attributes', async () => {
    expect(telemetry.tracingEnabled).toBe(true);
    const client = startSpan('client request', { kind: SpanKind.CLIENT });
    const clientCtx = propagation.setBaggage(contextWith(client), propagation.createBaggage({ 'asc.tenant': { value: 'tenant-a' } }));
    const { upstreamHeaders } = await post(injectHttpHeaders<Record<string, string>>({ 'content-type': 'application/json' }, clientCtx));
    endSpan(client);
    await telemetry.flush();
    const spans = await collector.waitFor((all) => all.filter((s) => s.traceId === client.spanContext().traceId).length >= 7);

    const traceId = client.spanContext().traceId;
    const ours = spans.filter((s) => s.traceId === traceId);
    const root = byName(ours, 'client request', OTLP_SPAN_KIND.client);
    const server = byName(ours, 'POST /v1/chat/completions', OTLP_SPAN_KIND.server);
    const policyClient = byName(ours, 'asc.policy.v1.PolicyService/Check', OTLP_SPAN_KIND.client);
    const policyServer = byName(ours, 'asc.policy.v1.PolicyService/Check', OTLP_SPAN_KIND.server);
    const genAi = byName(ours, 'chat claude-sonnet-4', OTLP_SPAN_KIND.client);
    const producer = byName(ours, 'usage.recorded.v1 publish', OTLP_SPAN_KIND.producer);
    const consumer = byName(ours, 'usage.recorded.v1 process', OTLP_SPAN_KIND.consumer);

    expect(root.parentSpanId).toBe('');
    expect(server.parentSpanId).toBe(root.spanId);
    expect(policyClient.parentSpanId).toBe(server.spanId);
    expect(policyServer.parentSpanId).toBe(policyClient.spanId);
    expect(genAi.parentSpanId).toBe(server.spanId);
    expect(producer.parentSpanId).toBe(server.spanId);
    expect(consumer.parentSpanId).toBe(producer.spanId);

    expect(genAi.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.system': 'anthropic',
      'gen_ai.request.model': 'claude-sonnet-4',
      'gen_ai.request.stream': true,
      'gen_ai.response.model': 'claude-sonnet-4-20250514',
      'gen_ai.usage.input_tokens': 12,
      'gen_ai.usage.output_tokens': 34,
      'gen_ai.response.finish_reasons': ['stop'],
      'asc.tenant.id': 'tenant-a',
    });
    const ttft = genAi.attributes['gen_ai.response.time_to_first_chunk'];
    expect(typeof ttft).toBe('number');
    expect(ttft as number).toBeGreaterThanOrEqual(0.004);
    expect(ttft as number).toBeLessThan(5);
    expect(genAi.events.map((e) => e.name)).toContain('gen_ai.first_chunk');
    expect(server.serviceName).toBe('telemetry-spec');
    expect(server.resource['service.version']).toBe('1.2.3');

    // What the gateway would send upstream names the GenAI span as parent, with the caller's baggage.
    expect(upstreamHeaders.traceparent).toBe(`00-${traceId}-${genAi.spanId}-01`);
    expect(upstreamHeaders.baggage).toBe('asc.tenant=tenant-a');
    // Kafka headers arrived as Buffers and still carried trace context and baggage to the consumer.
    const last = consumed.at(-1);
    expect(Buffer.isBuffer(last?.headers.traceparent)).toBe(true);
    expect(propagation.getBaggage(last!.ctx)?.getEntry('asc.tenant')?.value).toBe('tenant-a');
  });

  it('propagates an unsampled caller without recording anything', async () => {
    const before = collector.spans.length;
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    const { upstreamHeaders } = await post({ traceparent: `00-${traceId}-b7ad6b7169203331-00` });
    expect(upstreamHeaders.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-00$`));
    await telemetry.flush();
    expect(collector.spans.slice(before).filter((s) => s.traceId === traceId)).toEqual([]);
  });

  it('marks a failed GenAI call with error.type and an error status, one span per attempt', async () => {
    const request = startSpan('POST /v1/messages', { kind: SpanKind.SERVER });
    const ctx = contextWith(request);
    const first = startGenAiSpan({ operation: 'chat', provider: 'bedrock', requestModel: 'claude-haiku', parent: ctx });
    first.end({ error: Object.assign(new Error('upstream timed out'), { code: 'PROVIDER_TIMEOUT' }) });
    const second = startGenAiSpan({ operation: 'chat', provider: 'anthropic', requestModel: 'claude-haiku', parent: ctx });
    second.end({ inputTokens: 1, outputTokens: 2 });
    endSpan(request);
    await telemetry.flush();
    const traceId = request.spanContext().traceId;
    const spans = await collector.waitFor((all) => all.filter((s) => s.traceId === traceId).length === 3);
    const attempts = spans.filter((s) => s.traceId === traceId && s.name === 'chat claude-haiku');
    expect(attempts.map((s) => [s.attributes['gen_ai.provider.name'], s.attributes['error.type'] ?? null, s.statusCode])).toEqual([
      ['aws.bedrock', 'PROVIDER_TIMEOUT', 2],
      ['anthropic', null, 0],
    ]);
    expect(attempts.every((s) => s.parentSpanId === request.spanContext().spanId)).toBe(true);
    expect(JSON.stringify(attempts)).not.toContain('upstream timed out');
  });

  it('starts a new trace for a caller without trace context', async () => {
    const { upstreamHeaders } = await post({});
    expect(upstreamHeaders.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });

  it('hands the active trace context to event producers as { traceparent, tracestate }', () => {
    const span = startSpan('producer', { parent: propagation.extract(extractHttpContext({}), { tracestate: 'asc=1' }, { get: (c, k) => c[k as 'tracestate'], keys: () => ['tracestate'] }) });
    const trace1 = runInSpan(span, () => traceContextOf());
    endSpan(span);
    expect(trace1?.traceparent).toBe(`00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`);
    expect(traceContextOf(extractHttpContext({}))).toBeUndefined();
  });

  it('writes trace_id and span_id on log lines inside an active span', () => {
    const lines: string[] = [];
    const logger = new JsonLogger({ service: 'telemetry-spec', level: 'info', write: (line) => lines.push(line) });
    const span = startSpan('logged operation');
    runInSpan(span, () => logger.info('inside', { tenant: 'tenant-a' }));
    logger.info('outside');
    endSpan(span);
    const inside = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(inside).toMatchObject({ level: 'info', service: 'telemetry-spec', msg: 'inside', tenant: 'tenant-a', trace_id: span.spanContext().traceId, span_id: span.spanContext().spanId });
    expect(JSON.parse(lines[1]!)).not.toHaveProperty('trace_id');
    expect(trace.getActiveSpan()).toBeUndefined();
  });
});
