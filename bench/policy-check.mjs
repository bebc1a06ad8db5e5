// Policy service Check throughput and latency over gRPC, from a separate load process.
//
//   npm run build && node bench/policy-check.mjs [--seconds 10] [--concurrency 64] [--channels 2] [--rates 1000,5000]
//                                               [--redis] [--no-pin] [--baseline] [--cpu-prof DIR]
//
// Layout on a 2-core machine: the policy service (apps/policy/dist/main.js) is pinned to core 0, the load process
// (bench/lib/policy-check-load.mjs: raw HTTP/2 gRPC client with pre-serialised requests, closed loop, `concurrency`
// calls in flight over `channels` HTTP/2 connections) to core 1; --rates adds open-loop runs at fixed call rates
// (latency at a moderate load, as OPA publishes it at 1,000 rps); --no-pin lets the scheduler place both. The policy mixes allowed and denied
// decisions with rate limits on (in-process buckets, or Redis with --redis), guardrail obligations and decision
// auditing on (in-memory sink: no Kafka here). --baseline first measures a bare grpc-js server with a constant answer
// (bench/lib/grpc-echo-server.mjs) the same way, so on a noisy machine the service reads relative to grpc-js itself.
// --cpu-prof DIR writes a V8 CPU profile of the policy service (and of the echo server) to DIR.
// Needs Postgres (BENCH_DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/postgres).
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { cpuSeconds, startPinned, stop } from './lib/proc.mjs';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;
const { createTestDatabase } = require(join(root, 'libs/db/dist/testing/index.js'));

const arg = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const seconds = arg('seconds', 10);
const concurrency = arg('concurrency', 64);
const channels = arg('channels', 2);
const useRedis = process.argv.includes('--redis');
const pin = !process.argv.includes('--no-pin');
const rates = process.argv.includes('--rates') ? process.argv[process.argv.indexOf('--rates') + 1].split(',').map(Number) : [];
const profileDir = process.argv.includes('--cpu-prof') ? process.argv[process.argv.indexOf('--cpu-prof') + 1] : undefined;
const profileArgs = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];

const freePort = () => new Promise((resolve) => {
  const server = createServer().listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  });
});

const mock = 'http://127.0.0.1:9/v1';
const file = {
  apiVersion: 'asc.policy/v1',
  organizations: [{ slug: 'bench', name: 'Bench', policy: { approvedModels: ['gpt-4o-mini', 'gpt-4o'], rateLimits: { tenant: { requestsPerMinute: 100_000_000, tokensPerMinute: 2_000_000_000 }, key: { requestsPerMinute: 100_000_000 } } } }],
  tenants: [
    { slug: 'bench-eu', name: 'Bench EU', organization: 'bench', policy: { allowedRegions: ['eu'], guardrails: { pii: { email: 'redact', card: 'block' } }, logging: 'metadata' },
      deployments: [1, 2, 3].map((i) => ({ model: 'gpt-4o-mini', provider: 'openai', baseUrl: mock, region: i === 3 ? 'us-east-1' : `eu-west-${i}`, priority: i })) },
    { slug: 'bench-us', name: 'Bench US', organization: 'bench', policy: { approvedModels: ['gpt-4o'], allowedRegions: ['us'] },
      deployments: [{ model: 'gpt-4o', provider: 'openai', baseUrl: mock, region: 'us-east-1' }, { model: 'gpt-4o-mini', provider: 'openai', baseUrl: mock, region: 'us-east-1' }] },
  ],
};

/**
 * Runs the load process against `address` and reads the server's and the load process's CPU time over exactly the
 * measured window (the load process prints `measuring` when its warm-up second ends). Returns the load's JSON result
 * plus `serverUs` and `loadUs`, CPU µs per call.
 */
async function runLoad(address, serverPid, rate = 0) {
  const args = [join(root, 'bench/lib/policy-check-load.mjs'), address, String(seconds), String(concurrency), String(channels), String(rate)];
  const load = pin ? spawn('taskset', ['-c', '1', process.execPath, ...args], { stdio: ['ignore', 'pipe', 'inherit'] }) : spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  let marks;
  load.stdout.on('data', (chunk) => {
    out += chunk;
    const lines = out.split('\n');
    if (!marks && lines.includes('measuring')) marks = { server: cpuSeconds(serverPid), load: cpuSeconds(load.pid) };
    if (marks && !marks.done && lines.some((line) => line.startsWith('{'))) {
      marks = { ...marks, done: true, serverEnd: cpuSeconds(serverPid), loadEnd: cpuSeconds(load.pid) };
    }
  });
  await new Promise((resolve) => load.on('close', resolve));
  const result = JSON.parse(out.trim().split('\n').pop());
  const perCall = (from, to) => ((to - from) * 1e6) / Math.max(1, result.calls);
  return { ...result, serverUs: perCall(marks.server, marks.serverEnd), loadUs: perCall(marks.load, marks.loadEnd) };
}

function printResult(title, result) {
  console.log(title);
  console.log(`  throughput   ${Math.round(result.calls / result.seconds).toLocaleString('en')} Check/s  (${result.calls.toLocaleString('en')} calls, ${result.errors} errors, ${Math.round((100 * result.denied) / Math.max(1, result.calls))}% denied)`);
  if (result.shed) console.log(`  shed         ${result.shed.toLocaleString('en')} calls not sent: ${concurrency} already outstanding`);
  if (result.firstError) console.log(`  first error  ${result.firstError}`);
  console.log(`  latency      p50 ${result.p50Ms.toFixed(3)} ms   p90 ${result.p90Ms.toFixed(3)} ms   p99 ${result.p99Ms.toFixed(3)} ms   p99.9 ${result.p999Ms.toFixed(3)} ms   max ${result.maxMs.toFixed(1)} ms`);
  console.log(`  CPU          server ${result.serverUs.toFixed(1)} µs per Check (= at most ${Math.round(1e6 / result.serverUs).toLocaleString('en')} Check/s per core), load process ${result.loadUs.toFixed(1)} µs per Check`);
}

/** The closed-loop run, then one open-loop run per rate in --rates. */
async function runAll(label, address, serverPid) {
  const closed = await runLoad(address, serverPid);
  printResult(`${label}: ${concurrency} in flight over ${channels} connections, ${seconds}s`, closed);
  for (const rate of rates) printResult(`${label}: fixed ${rate.toLocaleString('en')} calls/s over ${channels} connections, ${seconds}s`, await runLoad(address, serverPid, rate));
  return closed;
}

const serverCpus = pin ? 0 : '0,1';
let baseline;

if (process.argv.includes('--baseline')) {
  const echoPort = await freePort();
  const echo = await startPinned({ cpu: serverCpus, name: 'grpc echo', args: [...profileArgs, join(root, 'bench/lib/grpc-echo-server.mjs'), String(echoPort)], readyPattern: /gRPC listening/ });
  try {
    baseline = await runAll('baseline, bare grpc-js server with a constant answer', `127.0.0.1:${echoPort}`, echo.pid);
  } finally {
    await stop(echo);
  }
}

const db = await createTestDatabase({ baseUrl: process.env.BENCH_DATABASE_URL });
const token = randomBytes(24).toString('hex');
const [grpcPort, httpPort] = [await freePort(), await freePort()];
let service;
try {
  service = await startPinned({
    cpu: serverCpus,
    name: 'policy service',
    args: [...profileArgs, join(root, 'apps/policy/dist/main.js')],
    env: {
      DATABASE_URL: db.databaseUrl, ASC_ADMIN_TOKEN: token, ASC_POLICY_GRPC_PORT: String(grpcPort), ASC_POLICY_HTTP_PORT: String(httpPort),
      // Tracing off, as in the gateway benchmarks: this measures the decision path, not span export.
      OTEL_TRACES_EXPORTER: 'none',
      ASC_EVENTS_ENABLED: 'false', LOG_LEVEL: 'info', ...(useRedis ? { REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' } : {}),
    },
    readyPattern: /admin HTTP listening/,
  });
  const applied = await fetch(`http://127.0.0.1:${httpPort}/admin/v1/policy/apply`, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ file }),
  });
  if (applied.status !== 200) throw new Error(`apply failed: ${applied.status} ${await applied.text()}`);
  const result = await runAll(`policy service Check (${useRedis ? 'Redis' : 'in-process'} rate limiter, decision audit on)`, `127.0.0.1:${grpcPort}`, service.pid);
  if (baseline) {
    const ratio = (result.calls / result.seconds) / (baseline.calls / baseline.seconds);
    console.log(`policy service / bare grpc-js: ${(100 * ratio).toFixed(1)}% of the throughput, ${(result.serverUs / baseline.serverUs).toFixed(2)}x the CPU per call`);
  }
  console.log(`machine: load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores at the end of the run`);
} finally {
  await stop(service);
  await db.drop();
}
