// Gateway vs a raw node:http reverse proxy, side by side against the mock provider, in one run.
//
//   npm run build && node bench/gateway-vs-raw-proxy.mjs [--seconds 10]
//
// Layout on a 2-core machine: the proxy under test (raw proxy, then gateway) is pinned to core 0; wrk, the mock
// provider and the Kafka development broker share core 1. Each proxy is measured non-streaming and streaming at 1
// and 32 connections; CPU time per request is read from /proc for the proxy process only. Added latency is the
// proxy's p50/p99 minus the mock's own p50/p99 measured directly at one connection.
// Needs Postgres (BENCH_DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/postgres) for the gateway's keys.
import { join } from 'node:path';
import { startGatewayFixture } from './lib/gateway-fixture.mjs';
import { startPinned, cpuSeconds, stop } from './lib/proc.mjs';
import { runWrk } from './lib/wrk.mjs';

const root = new URL('..', import.meta.url).pathname;

const seconds = Number(process.argv[process.argv.indexOf('--seconds') + 1] || 10);
const ports = { mock: 18090, raw: 18081, gateway: 18080, broker: 19092 };
const PROXY_CPU = 0;
const LOAD_CPU = 1;

const body = (stream) => JSON.stringify({ model: 'gpt-4o-mini', stream, messages: [{ role: 'user', content: 'Say hello to the benchmark.' }] });

async function main() {
  const children = [];
  const fixture = await startGatewayFixture({ ports, proxyCpu: PROXY_CPU, loadCpu: LOAD_CPU });
  const { key } = fixture;
  try {
    const targets = {
      mock: { url: `http://127.0.0.1:${ports.mock}/openai/v1/chat/completions` },
      raw: { url: `http://127.0.0.1:${ports.raw}/v1/chat/completions`, start: () => startPinned({ name: 'raw proxy', cpu: PROXY_CPU, args: [join(root, 'bench/raw-proxy.mjs'), String(ports.raw), `http://127.0.0.1:${ports.mock}/openai`], readyPattern: /raw proxy on/ }).then((child) => ({ child })) },
      // Usage and audit events are spooled by the gateway; the shipper sidecar (on the load core) sends them.
      gateway: { url: `http://127.0.0.1:${ports.gateway}/v1/chat/completions`, start: () => fixture.startGateway({ OTEL_TRACES_EXPORTER: 'none' }).then(({ gateway, shipper }) => ({ child: gateway, shipper })) },
    };

    const results = [];
    const scenarios = [];
    for (const stream of [false, true]) for (const connections of [1, 32]) scenarios.push({ stream, connections });

    // The mock alone at one connection: the latency the proxies add to.
    console.error('measuring the mock directly');
    const direct = {};
    for (const stream of [false, true]) direct[stream] = await runWrk({ cpu: LOAD_CPU, url: targets.mock.url, connections: 1, seconds, key, body: body(stream) });

    for (const name of ['raw', 'gateway']) {
      console.error(`starting ${name}`);
      const { child, shipper } = await targets[name].start();
      children.push(child);
      if (shipper) children.push(shipper);
      // Warm-up: JIT, keep-alive pools, snapshot.
      await runWrk({ cpu: LOAD_CPU, url: targets[name].url, connections: 32, seconds: 3, key, body: body(false) });
      for (const s of scenarios) {
        console.error(`${name}: ${s.stream ? 'stream' : 'unary'}, ${s.connections} connection(s)`);
        const before = cpuSeconds(child.pid);
        const shipperBefore = shipper ? cpuSeconds(shipper.pid) : 0;
        const r = await runWrk({ cpu: LOAD_CPU, url: targets[name].url, connections: s.connections, seconds, key, body: body(s.stream) });
        const cpuUs = ((cpuSeconds(child.pid) - before) / r.requests) * 1e6;
        // The shipper drains asynchronously; give it a moment so its CPU for these requests is counted.
        if (shipper) await new Promise((done) => setTimeout(done, 1500));
        const shipperUs = shipper ? ((cpuSeconds(shipper.pid) - shipperBefore) / r.requests) * 1e6 : 0;
        results.push({ target: name, ...s, ...r, cpuUsPerRequest: cpuUs, shipperUsPerRequest: shipperUs, addedP50: r.p50 - direct[s.stream].p50, addedP99: r.p99 - direct[s.stream].p99 });
      }
      await stop(child);
      if (shipper) await stop(shipper);
    }

    printTable(results);
  } finally {
    for (const child of children.reverse()) await stop(child);
    await fixture.close();
  }
}

function printTable(results) {
  const fmt = (n, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : '-');
  console.log('\n| scenario | raw req/s | gateway req/s | throughput ratio | raw CPU µs/req | gateway CPU µs/req | shipper CPU µs/req | gateway added p50 / p99 (ms) | raw added p50 / p99 (ms) | non-2xx |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const raw of results.filter((r) => r.target === 'raw')) {
    const gw = results.find((r) => r.target === 'gateway' && r.stream === raw.stream && r.connections === raw.connections);
    const name = `${raw.stream ? 'stream' : 'unary'}, ${raw.connections} conn`;
    console.log(
      `| ${name} | ${fmt(raw.rps)} | ${fmt(gw.rps)} | ${fmt((gw.rps / raw.rps) * 100, 1)}% | ${fmt(raw.cpuUsPerRequest)} | ${fmt(gw.cpuUsPerRequest)} | ${fmt(gw.shipperUsPerRequest)} | ${fmt(gw.addedP50, 2)} / ${fmt(gw.addedP99, 2)} | ${fmt(raw.addedP50, 2)} / ${fmt(raw.addedP99, 2)} | ${raw.non2xx + gw.non2xx} |`,
    );
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
