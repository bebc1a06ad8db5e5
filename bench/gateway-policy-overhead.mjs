// What policy enforcement costs the gateway: the same tenant, key and traffic, once with no policy service configured
// and once with an active policy (approved models, EU residency, PII redaction, blocked terms, rate limits high
// enough never to trigger), with the in-process rate limiter and with Redis.
//
//   npm run build && node bench/gateway-policy-overhead.mjs [--seconds 10] [--connections 32] [--rounds 2] [--pii] [--no-redis]
//                                                           [--cpu-prof DIR]
//
// Layout on a 2-core machine: the gateway is pinned to core 0; wrk, the mock provider and the policy service (which
// only streams snapshots to the gateway: it is not on the request path) share core 1. Events are off
// (ASC_EVENTS_ENABLED=false) in every configuration, so the policy's share of the gateway's cost is not diluted by
// event shipping. Configurations alternate for --rounds rounds, each gateway started fresh and warmed up; CPU time
// per request is read from /proc for the gateway process alone. With --cpu-prof, the last round's gateway profiles
// also give the share of the gateway's busy CPU spent in policy code (apps/gateway/src/policy, libs/policy). --pii puts an e-mail address in every prompt, so
// each request is also redacted (the "off" run forwards it unchanged).
// Needs Postgres (BENCH_DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/postgres) and, unless --no-redis,
// Redis (REDIS_URL, default redis://127.0.0.1:6379).
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { cpuSeconds, startPinned, stop } from './lib/proc.mjs';
import { runWrk } from './lib/wrk.mjs';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;
const { AdminStore, Database } = require(join(root, 'libs/db/dist/index.js'));
const { createTestDatabase } = require(join(root, 'libs/db/dist/testing/index.js'));
const { EnvelopeCipher, parseMasterKeyring } = require(join(root, 'libs/secrets/dist/index.js'));

const option = (name, fallback) => (process.argv.includes(`--${name}`) ? process.argv[process.argv.indexOf(`--${name}`) + 1] : fallback);
const seconds = Number(option('seconds', 10));
const connections = Number(option('connections', 32));
const rounds = Number(option('rounds', 2));
const withPii = process.argv.includes('--pii');
const withRedis = !process.argv.includes('--no-redis');
const profileDir = option('cpu-prof', undefined);
const GATEWAY_CPU = 0;
const LOAD_CPU = 1;

const freePort = () => new Promise((resolve) => {
  const server = createServer().listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  });
});

const prompt = `Say hello to the benchmark.${withPii ? ' Reply to jane.doe@example.com.' : ''}`;
const body = JSON.stringify({ model: 'gpt-4o-mini', max_tokens: 256, messages: [{ role: 'user', content: prompt }] });

async function main() {
  const children = [];
  const database = await createTestDatabase({ baseUrl: process.env.BENCH_DATABASE_URL });
  try {
    const ports = { mock: await freePort(), gateway: await freePort(), policyGrpc: await freePort(), policyHttp: await freePort() };
    const secrets = {
      ASC_KEY_HASH_SECRET: randomBytes(32).toString('base64url'),
      ASC_MASTER_KEYS: `bench:${randomBytes(32).toString('base64')}`,
      ASC_ADMIN_TOKEN: randomBytes(24).toString('base64url'),
    };
    const mock = await startPinned({ name: 'mock', cpu: LOAD_CPU, args: [join(root, 'tools/mock-llm/dist/main.js'), '--port', String(ports.mock)], readyPattern: /listening/ });
    children.push(mock);
    const policy = await startPinned({
      name: 'policy service',
      cpu: LOAD_CPU,
      args: [join(root, 'apps/policy/dist/main.js')],
      env: { DATABASE_URL: database.databaseUrl, ASC_ADMIN_TOKEN: secrets.ASC_ADMIN_TOKEN, ASC_POLICY_GRPC_PORT: String(ports.policyGrpc), ASC_POLICY_HTTP_PORT: String(ports.policyHttp), ASC_EVENTS_ENABLED: 'false', LOG_LEVEL: 'info' },
      readyPattern: /admin HTTP listening/,
    });
    children.push(policy);

    // One EU tenant under an organisation, with every kind of rule active; limits far above what the run can reach.
    const baseUrl = `http://127.0.0.1:${ports.mock}/openai/v1`;
    const file = {
      apiVersion: 'asc.policy/v1',
      organizations: [{ slug: 'bench-org', name: 'Bench Org', policy: { approvedModels: ['gpt-4o-mini', 'gpt-4o'], maxTokensPerRequest: 4096 } }],
      tenants: [{
        slug: 'bench',
        name: 'Bench',
        organization: 'bench-org',
        policy: {
          approvedModels: ['gpt-4o-mini'],
          allowedRegions: ['eu'],
          rateLimits: { tenant: { requestsPerMinute: 100_000_000, tokensPerMinute: 2_000_000_000 }, key: { requestsPerMinute: 100_000_000, tokensPerMinute: 2_000_000_000 } },
          guardrails: { pii: { email: 'redact', phone: 'redact', iban: 'redact', card: 'block', nationalId: 'block' }, blockedTerms: ['project falcon', 'osprey'] },
          logging: 'metadata',
        },
        // One deployment, so both configurations route identically (the residency check still runs on it).
        deployments: [{ model: 'gpt-4o-mini', provider: 'openai', baseUrl, region: 'eu-west-1' }],
      }],
    };
    const applied = await fetch(`http://127.0.0.1:${ports.policyHttp}/admin/v1/policy/apply`, {
      method: 'POST', headers: { authorization: `Bearer ${secrets.ASC_ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ file }),
    });
    if (applied.status !== 200) throw new Error(`apply failed: ${applied.status} ${await applied.text()}`);

    const db = Database.connect(database.databaseUrl, { poolSize: 2 });
    const store = new AdminStore({ db, cipher: new EnvelopeCipher(parseMasterKeyring(secrets.ASC_MASTER_KEYS)), keyPepper: secrets.ASC_KEY_HASH_SECRET });
    const tenant = await store.getTenant('bench');
    const credential = await store.createCredential({ actor: 'bench', provider: 'openai', name: 'mock', secret: 'sk-mock', tenantId: tenant.id });
    for (const d of await store.listDeployments({ tenantId: tenant.id })) await store.updateDeployment({ actor: 'bench', deploymentId: d.id, credentialId: credential.id });
    const { secret: key } = await store.createApiKey({ actor: 'bench', tenantId: tenant.id, name: 'bench' });
    await db.close();
    // Let the policy snapshot pick up the credential and the key.
    await new Promise((r) => setTimeout(r, 1500));

    // With REDIS_URL the gateway also keeps budget reservations in Redis, so the Redis-limiter run is compared with
    // a policy-off run that has REDIS_URL too.
    const policyAddress = { ASC_POLICY_ADDRESS: `127.0.0.1:${ports.policyGrpc}` };
    const redis = { REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' };
    const configurations = [
      { name: 'policy off', env: {}, baseline: 'policy off' },
      { name: 'policy on, in-process limiter', env: policyAddress, baseline: 'policy off' },
      ...(withRedis
        ? [
            { name: 'policy off, REDIS_URL set', env: redis, baseline: 'policy off, REDIS_URL set' },
            { name: 'policy on, Redis limiter', env: { ...policyAddress, ...redis }, baseline: 'policy off, REDIS_URL set' },
          ]
        : []),
    ];
    const url = `http://127.0.0.1:${ports.gateway}/v1/chat/completions`;
    const results = new Map(configurations.map((c) => [c.name, []]));
    for (let round = 0; round < rounds; round++) {
      for (const configuration of configurations) {
        console.error(`round ${round + 1}: ${configuration.name}`);
        const profileOut = profileDir && round === rounds - 1 ? join(profileDir, configuration.name.replace(/\W+/g, '-')) : undefined;
        const profileArgs = profileOut ? ['--cpu-prof', '--cpu-prof-dir', profileOut] : [];
        const gateway = await startPinned({
          name: 'gateway',
          cpu: GATEWAY_CPU,
          args: [...profileArgs, join(root, 'apps/gateway/dist/main.js')],
          env: { ...secrets, DATABASE_URL: database.databaseUrl, ASC_GATEWAY_PORT: String(ports.gateway), ASC_EVENTS_ENABLED: 'false', OTEL_TRACES_EXPORTER: 'none', LOG_LEVEL: 'info', ...configuration.env },
          readyPattern: /listening on/,
        });
        try {
          // The policy must be live (its rate-limit headers present) exactly when configured.
          const probe = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body });
          await probe.arrayBuffer();
          const enforced = probe.headers.has('x-ratelimit-limit-requests');
          if (probe.status !== 200 || enforced !== ('ASC_POLICY_ADDRESS' in configuration.env)) throw new Error(`${configuration.name}: probe answered ${probe.status}, policy headers ${enforced ? 'present' : 'absent'}`);
          await runWrk({ cpu: LOAD_CPU, url, connections, seconds: 3, key, body }); // warm-up: JIT, keep-alive pool, snapshot
          const before = cpuSeconds(gateway.pid);
          const r = await runWrk({ cpu: LOAD_CPU, url, connections, seconds, key, body });
          if (r.non2xx > 0 || r.socketErrors) throw new Error(`${configuration.name}: ${r.non2xx} non-2xx responses, socket errors ${r.socketErrors}`);
          results.get(configuration.name).push({ ...r, cpuUs: ((cpuSeconds(gateway.pid) - before) / r.requests) * 1e6 });
        } finally {
          await stop(gateway);
        }
        if (profileOut) results.get(configuration.name).at(-1).policyShare = policyShareOfProfile(profileOut);
      }
    }
    printTable(results, configurations);
    console.log(`\nmachine: load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores at the end of the run; ${connections} connections, ${seconds}s per run, ${rounds} round(s), prompt ${withPii ? 'with' : 'without'} PII`);
  } finally {
    for (const child of children.reverse()) await stop(child);
    await database.drop();
  }
}

/**
 * From a V8 CPU profile: the share of the gateway's busy samples (idle and start-up excluded) spent in policy code,
 * i.e. with a frame of apps/gateway/src/policy or libs/policy on the stack. Steadier than CPU-time differences when
 * the machine is shared.
 */
function policyShareOfProfile(dir) {
  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) return undefined;
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const parent = new Map();
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const verdict = new Map(); // node id -> 'idle' | 'startup' | 'policy' | 'other'
  const classify = (id) => {
    if (verdict.has(id)) return verdict.get(id);
    const { functionName, url } = byId.get(id).callFrame;
    let result;
    if (functionName === '(idle)') result = 'idle';
    else if (/^Module\._load$|^callBootstrapHook$|run_main_module/.test(functionName) || /run_main_module/.test(url)) result = 'startup';
    else {
      const up = parent.has(id) ? classify(parent.get(id)) : 'other';
      result = up === 'idle' || up === 'startup' || up === 'policy' ? up : /apps\/gateway\/dist\/policy\/|libs\/policy\/dist\//.test(url) ? 'policy' : 'other';
    }
    verdict.set(id, result);
    return result;
  };
  let busy = 0;
  let policy = 0;
  for (const sample of profile.samples) {
    const kind = classify(sample);
    if (kind === 'policy') policy++;
    if (kind === 'policy' || kind === 'other') busy++;
  }
  return busy === 0 ? undefined : policy / busy;
}

function printTable(results, configurations) {
  const mean = (runs, field) => runs.reduce((sum, r) => sum + r[field], 0) / runs.length;
  console.log('\n| configuration | req/s (per round) | mean req/s | throughput vs its baseline | gateway CPU µs/req | CPU vs its baseline | policy code in CPU profile | p50 / p99 (ms) |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const { name, baseline } of configurations) {
    const runs = results.get(name);
    const base = results.get(baseline);
    const rps = mean(runs, 'rps');
    const cpu = mean(runs, 'cpuUs');
    const delta = cpu - mean(base, 'cpuUs');
    const share = runs.at(-1).policyShare;
    console.log(
      `| ${name} | ${runs.map((r) => r.rps.toFixed(0)).join(' / ')} | ${rps.toFixed(0)} | ${name === baseline ? '—' : `${((100 * rps) / mean(base, 'rps')).toFixed(1)}%`} | ${cpu.toFixed(0)} | ${name === baseline ? '—' : `${delta >= 0 ? '+' : ''}${delta.toFixed(0)} µs (${((100 * cpu) / mean(base, 'cpuUs')).toFixed(1)}%)`} | ${share === undefined ? '—' : `${(100 * share).toFixed(1)}%`} | ${mean(runs, 'p50').toFixed(2)} / ${mean(runs, 'p99').toFixed(2)} |`,
    );
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
