// What @asc/telemetry costs per request, in CPU time, and what tracing plus metrics cost the real gateway.
//
//   npm run build && node bench/telemetry-overhead.mjs [--seconds 8] [--iterations 200000] [--rounds 2]
//       [--only micro|http|gateway] [--micro-only] [--prom-client <dir>]
//
// 1. Micro: the per-request telemetry of the gateway (W3C extract, server span, GenAI span with first chunk and
//    usage, upstream and Kafka header inject, 5 metric observations), run in a loop in a fresh process per mode:
//    tracing off (OTEL_TRACES_EXPORTER=none), on but not sampled (parentbased_traceidratio, ratio 0), on and
//    sampled, exporting OTLP/protobuf to a local sink (export CPU included: the loop ends with a flush).
//    With --prom-client <dir containing node_modules/prom-client>, the same 5 observations through prom-client.
// 2. HTTP: bench/telemetry-http-server.mjs pinned to core 0, wrk (32 connections, keep-alive) and the OTLP sink on
//    core 1; requests/s and server CPU per request, without the library and with it in each tracing mode.
// 3. Gateway: apps/gateway/dist/main.js pinned to core 0 against the mock provider (mock, broker, event shipper and
//    wrk on core 1), tracing off (OTEL_TRACES_EXPORTER=none) vs on with every request (or one in ten: the
//    parent-based ratio sampler) sampled and exported as OTLP/protobuf to the sink of this process; unary and
//    streaming, 32 connections. Modes alternate for --rounds rounds in one run and the figures are averaged, so all
//    modes see the same machine. The gateway's Prometheus metrics
//    have no off switch: both modes record them (their cost alone is the micro figure "metrics(5 obs)").
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { cpuSeconds, startPinned, stop } from './lib/proc.mjs';
import { runWrk } from './lib/wrk.mjs';
import { startGatewayFixture } from './lib/gateway-fixture.mjs';

const root = new URL('..', import.meta.url).pathname;
const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '8' },
    iterations: { type: 'string', default: '200000' },
    'prom-client': { type: 'string' },
    child: { type: 'string' },
    'micro-only': { type: 'boolean', default: false },
    only: { type: 'string' },
    rounds: { type: 'string', default: '2' },
  },
});

const MODES = {
  off: { OTEL_TRACES_EXPORTER: 'none' },
  unsampled: { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0' },
  sampled: { OTEL_TRACES_SAMPLER: 'parentbased_always_on' },
};

if (args.child === 'micro') await microChild();
else if (args.child === 'prom') await promChild();
else await main();

function startSink() {
  let spans = 0;
  const server = createServer((req, res) => {
    req.on('data', () => {});
    req.on('end', () => {
      spans++;
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${server.address().port}`, posts: () => spans, close: () => (server.closeAllConnections(), server.close()) })));
}

function runChild(kind, env) {
  return new Promise((resolve, reject) => {
    const child = spawn('taskset', ['-c', '0', process.execPath, new URL(import.meta.url).pathname, '--child', kind, '--iterations', args.iterations, ...(args['prom-client'] ? ['--prom-client', args['prom-client']] : [])], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`${kind} child exited ${code}`))));
  });
}

function cpuMicros(fn, iterations) {
  for (let i = 0; i < 20_000; i++) fn();
  const start = process.cpuUsage();
  for (let i = 0; i < iterations; i++) fn();
  return start;
}

async function microChild() {
  const t = createRequire(import.meta.url)(join(root, 'libs/telemetry/dist/index.js'));
  const telemetry = t.startTelemetry({ serviceName: 'telemetry-bench' });
  const metrics = t.createGatewayMetrics(new t.MetricsRegistry());
  // The common case: clients send no trace context, the gateway starts the trace (and decides sampling).
  const headers = { 'content-type': 'application/json', authorization: 'Bearer sk-asc-bench' };
  const iterations = Number(args.iterations);
  const request = () => {
    const incoming = t.extractHttpContext(headers);
    const server = t.startSpan('POST /v1/chat/completions', { kind: t.SpanKind.SERVER, parent: incoming });
    const ctx = t.contextWith(server, incoming);
    const call = t.startGenAiSpan({ operation: 'chat', provider: 'openai', requestModel: 'gpt-4o-mini', stream: true, parent: ctx });
    t.injectHttpHeaders({ 'content-type': 'application/json' }, call.context);
    call.firstChunk();
    call.end({ responseModel: 'gpt-4o-mini', inputTokens: 9, outputTokens: 4, finishReasons: ['stop'] });
    t.injectKafkaHeaders({ schema: 'usage.recorded.v1' }, ctx);
    t.endSpan(server);
  };
  const observe = () => {
    metrics.requests.inc({ tenant: 'tenant-a', model: 'gpt-4o-mini', provider: 'openai', status: '200' });
    metrics.requestDuration.observe({ tenant: 'tenant-a', model: 'gpt-4o-mini', provider: 'openai' }, 0.42);
    metrics.timeToFirstToken.observe({ tenant: 'tenant-a', model: 'gpt-4o-mini' }, 0.12);
    metrics.tokens.inc({ tenant: 'tenant-a', model: 'gpt-4o-mini', type: 'input' }, 9);
    metrics.tokens.inc({ tenant: 'tenant-a', model: 'gpt-4o-mini', type: 'output' }, 4);
  };
  const tracingStart = cpuMicros(request, iterations);
  await telemetry.flush(); // export cost belongs to the requests that produced the spans
  const tracingUsed = process.cpuUsage(tracingStart);
  const metricsUsed = process.cpuUsage(cpuMicros(observe, iterations));
  await telemetry.shutdown();
  process.stdout.write(JSON.stringify({
    tracingUs: (tracingUsed.user + tracingUsed.system) / iterations,
    metricsUs: (metricsUsed.user + metricsUsed.system) / iterations,
  }));
}

async function promChild() {
  const client = createRequire(join(args['prom-client'], 'index.js'))('prom-client');
  const registry = new client.Registry();
  const labelled = (name, labelNames, Type, extra = {}) => new Type({ name, help: name, labelNames, registers: [registry], ...extra });
  const requests = labelled('r_total', ['tenant', 'model', 'provider', 'status'], client.Counter);
  const duration = labelled('d_seconds', ['tenant', 'model', 'provider'], client.Histogram, { buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120] });
  const ttft = labelled('t_seconds', ['tenant', 'model'], client.Histogram, { buckets: [0.01, 0.025, 0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30] });
  const tokens = labelled('k_total', ['tenant', 'model', 'type'], client.Counter);
  const iterations = Number(args.iterations);
  const used = process.cpuUsage(cpuMicros(() => {
    requests.inc({ tenant: 'tenant-a', model: 'gpt-4o-mini', provider: 'openai', status: '200' });
    duration.observe({ tenant: 'tenant-a', model: 'gpt-4o-mini', provider: 'openai' }, 0.42);
    ttft.observe({ tenant: 'tenant-a', model: 'gpt-4o-mini' }, 0.12);
    tokens.inc({ tenant: 'tenant-a', model: 'gpt-4o-mini', type: 'input' }, 9);
    tokens.inc({ tenant: 'tenant-a', model: 'gpt-4o-mini', type: 'output' }, 4);
  }, iterations));
  process.stdout.write(JSON.stringify({ metricsUs: (used.user + used.system) / iterations }));
}

async function main() {
  const sections = new Set(args.only ? [args.only] : args['micro-only'] ? ['micro'] : ['micro', 'http', 'gateway']);
  const sink = await startSink();
  const otlp = { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' };
  try {
    if (sections.has('micro')) await microSection(otlp);
    if (sections.has('http')) await httpSection(otlp);
    if (sections.has('gateway')) await gatewaySection(otlp);
    console.log(`\nOTLP sink received ${sink.posts()} export requests`);
  } finally {
    sink.close();
  }
}

function fmt(n, digits = 2) {
  return n.toFixed(digits).padStart(7);
}

function chatBody(stream) {
  return JSON.stringify({ model: 'gpt-4o-mini', stream, messages: [{ role: 'user', content: 'Say hello to the benchmark.' }] });
}

async function microSection(otlp) {
  console.log(`micro, ${args.iterations} requests per mode, CPU µs per request (pinned to core 0)`);
  console.log('  mode        tracing  metrics(5 obs)');
  for (const [mode, env] of Object.entries(MODES)) {
    const r = await runChild('micro', { ...otlp, ...env });
    console.log(`  ${mode.padEnd(10)} ${fmt(r.tracingUs)}  ${fmt(r.metricsUs)}`);
  }
  if (args['prom-client']) console.log(`  prom-client metrics(5 obs): ${fmt((await runChild('prom', {})).metricsUs)}`);
}

async function httpSection(otlp) {
  const seconds = Number(args.seconds);
  const body = chatBody(false);
  console.log(`\nHTTP, wrk 32 connections x ${seconds}s on core 1, server on core 0`);
  console.log('  server                  req/s   CPU µs/req   p50 ms   p99 ms');
  const runs = [['plain (no telemetry)', { TELEMETRY_MODE: 'plain' }], ...Object.entries(MODES).map(([m, env]) => [`telemetry, ${m}`, { TELEMETRY_MODE: 'telemetry', ...otlp, ...env }])];
  for (const [label, env] of runs) {
    const port = 18400 + Math.floor(Math.random() * 500);
    const child = await startPinned({ name: label, cpu: 0, args: [join(root, 'bench/telemetry-http-server.mjs')], env: { ...env, PORT: String(port) }, readyPattern: /listening/ });
    try {
      await runWrk({ cpu: 1, url: `http://127.0.0.1:${port}/v1/chat/completions`, connections: 32, seconds: 2, key: 'bench', body }); // warm-up
      const cpuBefore = cpuSeconds(child.pid);
      const r = await runWrk({ cpu: 1, url: `http://127.0.0.1:${port}/v1/chat/completions`, connections: 32, seconds, key: 'bench', body });
      const cpuUs = ((cpuSeconds(child.pid) - cpuBefore) * 1e6) / r.requests;
      console.log(`  ${label.padEnd(22)} ${String(Math.round(r.rps)).padStart(6)}   ${fmt(cpuUs)}     ${fmt(r.p50)}  ${fmt(r.p99)}`);
    } finally {
      await stop(child);
    }
  }
}

async function gatewaySection(otlp) {
  const seconds = Number(args.seconds);
  const rounds = Number(args.rounds);
  const modes = {
    'tracing off': { OTEL_TRACES_EXPORTER: 'none' },
    'tracing on (all sampled, OTLP)': { ...otlp, OTEL_TRACES_SAMPLER: 'parentbased_always_on' },
    'tracing on (10% sampled, OTLP)': { ...otlp, OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1' },
  };
  const fixture = await startGatewayFixture({ ports: { mock: 18190, broker: 19192, gateway: 18180 }, proxyCpu: 0, loadCpu: 1 });
  const totals = new Map();
  try {
    for (let round = 0; round < rounds; round++) {
      for (const [mode, env] of Object.entries(modes)) {
        console.error(`gateway, ${mode}, round ${round + 1}/${rounds}`);
        const { gateway, shipper, url } = await fixture.startGateway(env);
        try {
          await runWrk({ cpu: 1, url, connections: 32, seconds: 3, key: fixture.key, body: chatBody(false) }); // warm-up
          for (const stream of [false, true]) {
            const before = cpuSeconds(gateway.pid);
            const r = await runWrk({ cpu: 1, url, connections: 32, seconds, key: fixture.key, body: chatBody(stream) });
            const cpuUs = ((cpuSeconds(gateway.pid) - before) * 1e6) / r.requests;
            const key = `${stream ? 'stream' : 'unary'}|${mode}`;
            const t = totals.get(key) ?? { rps: 0, cpuUs: 0, p50: 0, p99: 0, non2xx: 0, n: 0 };
            totals.set(key, { rps: t.rps + r.rps, cpuUs: t.cpuUs + cpuUs, p50: t.p50 + r.p50, p99: t.p99 + r.p99, non2xx: t.non2xx + r.non2xx, n: t.n + 1 });
          }
        } finally {
          await stop(gateway);
          await stop(shipper);
        }
      }
    }
  } finally {
    await fixture.close();
  }
  console.log(`\nGateway (apps/gateway/dist/main.js on core 0), wrk 32 connections x ${seconds}s, mean of ${rounds} alternating rounds`);
  console.log('  scenario  mode                              req/s   CPU µs/req   p50 ms   p99 ms  non-2xx   req/s vs off   CPU vs off');
  for (const scenario of ['unary', 'stream']) {
    const off = mean(totals.get(`${scenario}|tracing off`));
    for (const mode of Object.keys(modes)) {
      const m = mean(totals.get(`${scenario}|${mode}`));
      const vs = (a, b) => `${a >= b ? '+' : ''}${(((a - b) / b) * 100).toFixed(1)}%`;
      console.log(`  ${scenario.padEnd(8)}  ${mode.padEnd(32)} ${String(Math.round(m.rps)).padStart(6)}   ${fmt(m.cpuUs)}     ${fmt(m.p50)}  ${fmt(m.p99)}  ${String(m.non2xx).padStart(7)}   ${vs(m.rps, off.rps).padStart(12)}  ${vs(m.cpuUs, off.cpuUs).padStart(11)}`);
    }
  }
}

function mean(t) {
  return { rps: t.rps / t.n, cpuUs: t.cpuUs / t.n, p50: t.p50 / t.n, p99: t.p99 / t.n, non2xx: t.non2xx };
}
