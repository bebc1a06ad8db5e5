// Resilience under a failing primary: the primary deployment fails 30% of requests (a mix of 429, 500, connection
// resets and stalls before the first token); a healthy secondary deployment backs it up. Prints the success rate
// and latency the gateway achieves, for unary and streamed requests.
//
//   npm run build && node bench/resilience.mjs [--requests 3000] [--concurrency 16]
// Needs Postgres (BENCH_DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/postgres).
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { startPinned, stop } from './lib/proc.mjs';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;
const { AdminStore, Database } = require(join(root, 'libs/db/dist/index.js'));
const { createTestDatabase } = require(join(root, 'libs/db/dist/testing/index.js'));
const { EnvelopeCipher, parseMasterKeyring } = require(join(root, 'libs/secrets/dist/index.js'));
const { mockControl } = require(join(root, 'tools/mock-llm/dist/index.js'));

const arg = (name, fallback) => Number(process.argv[process.argv.indexOf(`--${name}`) + 1] || fallback);
const total = arg('requests', 3000);
const concurrency = arg('concurrency', 16);
const ports = { mock: 18190, gateway: 18180 };

async function main() {
  const database = await createTestDatabase({ baseUrl: process.env.BENCH_DATABASE_URL });
  const children = [];
  try {
    const mock = await startPinned({ name: 'mock', cpu: 1, args: [join(root, 'tools/mock-llm/dist/main.js'), '--port', String(ports.mock)], readyPattern: /listening/ });
    children.push(mock);
    const mockUrl = `http://127.0.0.1:${ports.mock}`;
    const secrets = {
      ASC_KEY_HASH_SECRET: randomBytes(32).toString('base64url'),
      ASC_MASTER_KEYS: `bench:${randomBytes(32).toString('base64')}`,
      ASC_ADMIN_TOKEN: randomBytes(24).toString('base64url'),
    };
    const db = Database.connect(database.databaseUrl, { poolSize: 2 });
    const store = new AdminStore({ db, cipher: new EnvelopeCipher(parseMasterKeyring(secrets.ASC_MASTER_KEYS)), keyPepper: secrets.ASC_KEY_HASH_SECRET });
    const tenant = await store.createTenant({ actor: 'bench', slug: 'resilience', name: 'resilience' });
    const credential = await store.createCredential({ actor: 'bench', provider: 'openai', name: 'mock', secret: 'sk-mock', tenantId: null });
    for (const [label, priority] of [['primary', 0], ['secondary', 1]]) {
      await store.createDeployment({ actor: 'bench', model: 'gpt-4o-mini', provider: 'openai', upstreamModel: 'gpt-4o-mini', baseUrl: `${mockUrl}/~${label}/openai/v1`, region: 'eu-west-1', credentialId: credential.id, priority });
    }
    // Fall back on every failure kind; a stream whose first token is late (a stall) moves on after 500 ms.
    await store.setRoutingRule({ actor: 'bench', model: 'gpt-4o-mini', ttftDeadlineMs: 500, totalDeadlineMs: 10_000 });
    const { secret: key } = await store.createApiKey({ actor: 'bench', tenantId: tenant.id, name: 'bench' });
    await db.close();
    await mockControl(mockUrl).setBehavior({
      match: { label: 'primary' },
      behavior: { failRate: 0.3, failWith: [429, 500, { reset: 'before-headers' }, { stall: 'before-headers' }], seed: 7 },
    });

    const gateway = await startPinned({
      name: 'gateway',
      cpu: 0,
      args: [join(root, 'apps/gateway/dist/main.js')],
      env: { ...secrets, DATABASE_URL: database.databaseUrl, ASC_GATEWAY_PORT: String(ports.gateway), ASC_EVENTS_ENABLED: 'false', OTEL_TRACES_EXPORTER: 'none', LOG_LEVEL: 'info', ASC_UPSTREAM_HEADERS_TIMEOUT_MS: '2000' },
      readyPattern: /listening on/,
    });
    children.push(gateway);

    console.log(`\n${total} requests per mode, ${concurrency} concurrent; primary fails 30% (429, 500, reset, stall)\n`);
    console.log('| mode | succeeded | success rate | p50 ms | p99 ms | max ms |');
    console.log('|---|---:|---:|---:|---:|---:|');
    for (const stream of [false, true]) {
      const latencies = [];
      let ok = 0;
      let next = 0;
      const body = JSON.stringify({ model: 'gpt-4o-mini', stream, messages: [{ role: 'user', content: 'resilience' }] });
      const worker = async () => {
        while (next < total) {
          next++;
          const started = performance.now();
          try {
            const response = await fetch(`http://127.0.0.1:${ports.gateway}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body });
            const text = await response.text();
            if (response.status === 200 && (!stream || text.includes('[DONE]'))) ok++;
          } catch {
            // counted as a failure
          }
          latencies.push(performance.now() - started);
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
      latencies.sort((a, b) => a - b);
      const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(1);
      console.log(`| ${stream ? 'stream' : 'unary'} | ${ok}/${total} | ${((ok / total) * 100).toFixed(2)}% | ${pct(50)} | ${pct(99)} | ${latencies.at(-1).toFixed(1)} |`);
    }
  } finally {
    for (const child of children.reverse()) await stop(child);
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
