// A gateway to benchmark, with what it needs around it: the mock provider and the Kafka development broker pinned
// to the load core, a fresh Postgres database with one tenant, one deployment on the mock and one virtual key.
// `startGateway(env)` starts `apps/gateway/dist/main.js` pinned to the proxy core with the event shipper sidecar
// on the load core; the caller stops both.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPinned, stop } from './proc.mjs';

const require = createRequire(import.meta.url);
const root = new URL('../..', import.meta.url).pathname;

export async function startGatewayFixture({ ports, proxyCpu, loadCpu }) {
  const { AdminStore, Database } = require(join(root, 'libs/db/dist/index.js'));
  const { createTestDatabase } = require(join(root, 'libs/db/dist/testing/index.js'));
  const { EnvelopeCipher, parseMasterKeyring } = require(join(root, 'libs/secrets/dist/index.js'));
  const { ensureTopics } = require(join(root, 'libs/kafka/dist/index.js'));
  const { TOPICS } = require(join(root, 'libs/contracts/dist/events/index.js'));
  const { Kafka, logLevel } = require('kafkajs');

  const work = mkdtempSync(join(tmpdir(), 'asc-bench-'));
  const children = [];
  const database = await createTestDatabase({ baseUrl: process.env.BENCH_DATABASE_URL });
  const close = async () => {
    for (const child of children.reverse()) await stop(child);
    await database.drop();
    rmSync(work, { recursive: true, force: true });
  };
  try {
    children.push(await startPinned({ name: 'mock', cpu: loadCpu, args: [join(root, 'tools/mock-llm/dist/main.js'), '--port', String(ports.mock)], readyPattern: /listening/ }));
    children.push(await startPinned({ name: 'broker', cpu: loadCpu, args: [join(root, 'tools/dev-broker/dist/main.js'), '--port', String(ports.broker), '--data-dir', join(work, 'kafka')], readyPattern: /listening/ }));
    const admin = new Kafka({ clientId: 'bench', brokers: [`127.0.0.1:${ports.broker}`], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await ensureTopics(admin, TOPICS, { replicationFactor: 1 });
    await admin.disconnect();

    const secrets = {
      ASC_KEY_HASH_SECRET: randomBytes(32).toString('base64url'),
      ASC_MASTER_KEYS: `bench:${randomBytes(32).toString('base64')}`,
      ASC_ADMIN_TOKEN: randomBytes(24).toString('base64url'),
    };
    const db = Database.connect(database.databaseUrl, { poolSize: 2 });
    const store = new AdminStore({ db, cipher: new EnvelopeCipher(parseMasterKeyring(secrets.ASC_MASTER_KEYS)), keyPepper: secrets.ASC_KEY_HASH_SECRET });
    const tenant = await store.createTenant({ actor: 'bench', slug: 'bench', name: 'bench' });
    const credential = await store.createCredential({ actor: 'bench', provider: 'openai', name: 'mock', secret: 'sk-mock', tenantId: null });
    await store.createDeployment({ actor: 'bench', model: 'gpt-4o-mini', provider: 'openai', upstreamModel: 'gpt-4o-mini', baseUrl: `http://127.0.0.1:${ports.mock}/openai/v1`, region: 'us-east-1', credentialId: credential.id });
    const { secret: key } = await store.createApiKey({ actor: 'bench', tenantId: tenant.id, name: 'bench' });
    await db.close();

    let run = 0;
    /** Starts a gateway (and its shipper) with `env` on top of the fixture's; returns { gateway, shipper }. */
    const startGateway = async (env) => {
      const spool = join(work, `spool-${run++}`);
      const gateway = await startPinned({
        name: 'gateway',
        cpu: proxyCpu,
        args: [join(root, 'apps/gateway/dist/main.js')],
        env: {
          ...secrets,
          DATABASE_URL: database.databaseUrl,
          ASC_GATEWAY_PORT: String(ports.gateway),
          KAFKA_BROKERS: `127.0.0.1:${ports.broker}`,
          ASC_SPOOL_DIR: spool,
          ASC_EVENT_SHIPPER: 'external',
          LOG_LEVEL: 'info',
          ...env,
        },
        readyPattern: /listening on/,
      });
      const shipper = await startPinned({ name: 'shipper', cpu: loadCpu, args: [join(root, 'libs/kafka/dist/shipper-main.js'), '--spool-dir', spool], env: { KAFKA_BROKERS: `127.0.0.1:${ports.broker}` }, readyPattern: /running/ });
      return { gateway, shipper, url: `http://127.0.0.1:${ports.gateway}/v1/chat/completions` };
    };
    return { key, startGateway, close };
  } catch (error) {
    await close();
    throw error;
  }
}
