// A minimal data-plane-like HTTP handler for bench/telemetry-overhead.mjs: reads a JSON body, answers a small JSON
// response, and (unless TELEMETRY_MODE=plain) runs the per-request telemetry the gateway is meant to run:
// extract W3C context, server span, GenAI span with first chunk and usage, inject upstream and Kafka headers,
// five metric observations. Tracing is configured only by the OTEL_* variables the parent sets.
//   TELEMETRY_MODE=plain|telemetry PORT=<port> node bench/telemetry-http-server.mjs
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;
const mode = process.env.TELEMETRY_MODE ?? 'plain';
const t = mode === 'plain' ? undefined : require(join(root, 'libs/telemetry/dist/index.js'));
const telemetry = t?.startTelemetry({ serviceName: 'telemetry-bench', serviceVersion: '0.0.0' });
const registry = t ? new t.MetricsRegistry() : undefined;
const metrics = t ? t.createGatewayMetrics(registry) : undefined;
const RESPONSE = JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion', model: 'gpt-4o-mini', choices: [{ index: 0, message: { role: 'assistant', content: 'Hello, benchmark.' }, finish_reason: 'stop' }], usage: { prompt_tokens: 9, completion_tokens: 4, total_tokens: 13 } });

function traced(req, body, startedAt) {
  const incoming = t.extractHttpContext(req.headers);
  const server = t.startSpan('POST /v1/chat/completions', { kind: t.SpanKind.SERVER, parent: incoming, attributes: { 'asc.tenant.id': 'tenant-a' } });
  const ctx = t.contextWith(server, incoming);
  const call = t.startGenAiSpan({ operation: 'chat', provider: 'openai', requestModel: body.model, stream: false, parent: ctx });
  t.injectHttpHeaders({ 'content-type': 'application/json' }, call.context);
  call.firstChunk();
  call.end({ responseModel: body.model, inputTokens: 9, outputTokens: 4, finishReasons: ['stop'] });
  t.injectKafkaHeaders({ schema: 'usage.recorded.v1' }, ctx);
  const labels = { tenant: 'tenant-a', model: body.model, provider: 'openai' };
  metrics.requests.inc({ ...labels, status: '200' });
  metrics.requestDuration.observe(labels, (performance.now() - startedAt) / 1000);
  metrics.timeToFirstToken.observe({ tenant: 'tenant-a', model: body.model }, 0.05);
  metrics.tokens.inc({ tenant: 'tenant-a', model: body.model, type: 'input' }, 9);
  metrics.tokens.inc({ tenant: 'tenant-a', model: body.model, type: 'output' }, 4);
  t.endSpan(server);
}

const server = createServer((req, res) => {
  const startedAt = performance.now();
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (t) traced(req, body, startedAt);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(RESPONSE) });
    res.end(RESPONSE);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log(`listening ${mode}`));
process.on('SIGTERM', async () => {
  server.close();
  server.closeAllConnections();
  await telemetry?.shutdown();
  process.exit(0);
});
