// Load process for bench/policy-check.mjs: closed-loop gRPC Check calls against the policy service.
//   node bench/lib/policy-check-load.mjs <address> <seconds> <concurrency> <channels>
// Prints one JSON line: { calls, errors, denied, seconds, p50Ms, p90Ms, p99Ms, maxMs }.
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const root = new URL('../..', import.meta.url).pathname;
const grpc = require('@grpc/grpc-js');
const { loadPolicyProto } = require(join(root, 'libs/contracts/dist/policy/index.js'));

const [address, secondsArg, concurrencyArg, channelsArg] = process.argv.slice(2);
const seconds = Number(secondsArg ?? 10);
const concurrency = Number(concurrencyArg ?? 64);
const channels = Number(channelsArg ?? 2);
const Service = loadPolicyProto().asc.policy.v1.PolicyService;
// Separate channels = separate HTTP/2 connections (grpc-js shares a subchannel unless told not to).
const clients = Array.from({ length: channels }, () => new Service(address, grpc.credentials.createInsecure(), { 'grpc.use_local_subchannel_pool': 1 }));
const requests = [
  { tenant: 'bench-eu', model: 'gpt-4o-mini', estimatedTokens: 400, keyId: 'k-1' },
  { tenant: 'bench-eu', model: 'gpt-4o-mini', estimatedTokens: 900, regionHints: ['eu-west-1'] },
  { tenant: 'bench-us', model: 'gpt-4o', estimatedTokens: 300 },
  { tenant: 'bench-us', model: 'gpt-4o-mini', estimatedTokens: 300 }, // denied: MODEL_NOT_APPROVED
];

const latencies = new Float64Array(4_000_000);
let calls = 0;
let errors = 0;
let denied = 0;
let running = true;

async function warm() {
  await Promise.all(clients.map((c) => new Promise((resolve, reject) => c.waitForReady(Date.now() + 10_000, (e) => (e ? reject(e) : resolve())))));
}

function loop(worker) {
  const client = clients[worker % clients.length];
  let i = worker;
  const next = () => {
    if (!running) return;
    const request = requests[i++ % requests.length];
    const start = process.hrtime.bigint();
    client.Check(request, (error, response) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (error) errors++;
      else {
        if (calls < latencies.length) latencies[calls] = ms;
        calls++;
        if (!response.allowed) denied++;
      }
      next();
    });
  };
  next();
}

await warm();
// Warm-up second (JIT, connection windows), not measured.
for (let w = 0; w < concurrency; w++) loop(w);
await new Promise((r) => setTimeout(r, 1000));
calls = 0;
errors = 0;
denied = 0;
const started = process.hrtime.bigint();
await new Promise((r) => setTimeout(r, seconds * 1000));
const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
const measured = calls;
running = false;
await new Promise((r) => setTimeout(r, 200));
const sorted = latencies.slice(0, Math.min(measured, latencies.length)).sort();
const pct = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
console.log(JSON.stringify({ calls: measured, errors, denied, seconds: elapsed, p50Ms: pct(50), p90Ms: pct(90), p99Ms: pct(99), maxMs: sorted[sorted.length - 1] }));
for (const c of clients) c.close();
process.exit(0);
