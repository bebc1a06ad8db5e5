import { randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadGatewayConfig, type GatewayConfig } from '@asc/config';
import { AdminStore, Database } from '@asc/db';
import { createTestDatabase, type TestDatabase } from '@asc/db/testing';
import { mockControl, startMockLlm, type MockControl } from '@asc/mock-llm';
import { EnvelopeCipher, parseMasterKeyring } from '@asc/secrets';
import { createGatewayApp } from '../src/create-app';

/**
 * A real gateway (Nest on Fastify, listening on a socket) over a real Postgres database and the mock LLM
 * provider, for end-to-end tests through the official SDKs. One per test file.
 */
export interface GatewayHarness {
  url: string;
  mockUrl: string;
  mock: MockControl;
  store: AdminStore;
  config: GatewayConfig;
  app: NestFastifyApplication;
  database: TestDatabase;
  /** Waits until the gateway's snapshot reflects admin changes made so far (NOTIFY → reload). */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export async function startGatewayHarness(env: Record<string, string> = {}, options: { databaseUrl?: string } = {}): Promise<GatewayHarness> {
  // A shared database (e.g. with a policy service under test) is dropped by its owner, not here.
  const database: TestDatabase = options.databaseUrl ? { databaseUrl: options.databaseUrl, name: 'shared', drop: async () => undefined } : await createTestDatabase();
  const mockServer = await startMockLlm({ port: 0 });
  const secrets = {
    ASC_KEY_HASH_SECRET: randomBytes(32).toString('base64url'),
    ASC_MASTER_KEYS: `test-1:${randomBytes(32).toString('base64')}`,
    ASC_ADMIN_TOKEN: `admin-${randomBytes(24).toString('base64url')}`,
  };
  const config = loadGatewayConfig({
    ...secrets,
    DATABASE_URL: database.databaseUrl,
    ASC_GATEWAY_PORT: '0',
    ASC_EVENTS_ENABLED: 'false',
    ASC_UPSTREAM_HEADERS_TIMEOUT_MS: '3000',
    ASC_UPSTREAM_IDLE_TIMEOUT_MS: '3000',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const db = Database.connect(database.databaseUrl, { poolSize: 2 });
  const store = new AdminStore({ db, cipher: new EnvelopeCipher(parseMasterKeyring(config.ASC_MASTER_KEYS)), keyPepper: config.ASC_KEY_HASH_SECRET });
  const app = await createGatewayApp(config);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const { SnapshotService } = await import('../src/config-snapshot/snapshot.service');
  const snapshots = app.get(SnapshotService);
  return {
    url: `http://127.0.0.1:${port}`,
    mockUrl: mockServer.url,
    mock: mockControl(mockServer.url),
    store,
    config,
    app,
    database,
    settle: () => snapshots.reload(),
    async close() {
      await app.close();
      await db.close();
      await mockServer.close();
      await database.drop();
    },
  };
}

/** A tenant with a key and the usual deployments on the mock: OpenAI chat + embeddings, Claude, Mistral. */
export async function seedTenant(h: GatewayHarness, slug: string, options: { label?: string } = {}): Promise<{ tenantId: string; secret: string; keyId: string }> {
  const actor = 'test';
  const tenant = await h.store.createTenant({ actor, slug, name: slug });
  const prefix = options.label ? `${h.mockUrl}/~${options.label}` : h.mockUrl;
  const creds = {
    openai: await h.store.createCredential({ actor, provider: 'openai', name: `${slug}-openai`, secret: `sk-upstream-openai-${slug}`, tenantId: tenant.id }),
    anthropic: await h.store.createCredential({ actor, provider: 'anthropic', name: `${slug}-anthropic`, secret: `sk-upstream-anthropic-${slug}`, tenantId: tenant.id }),
    mistral: await h.store.createCredential({ actor, provider: 'mistral', name: `${slug}-mistral`, secret: `sk-upstream-mistral-${slug}`, tenantId: tenant.id }),
  };
  const deployment = (model: string, provider: 'openai' | 'anthropic' | 'mistral', baseUrl: string, operations: ('chat' | 'embeddings')[] = ['chat']) =>
    h.store.createDeployment({ actor, tenantId: tenant.id, model, provider, upstreamModel: model, baseUrl, region: 'eu-west-1', credentialId: creds[provider].id, operations });
  await deployment('gpt-4o-mini', 'openai', `${prefix}/openai/v1`);
  await deployment('text-embedding-3-small', 'openai', `${prefix}/openai/v1`, ['embeddings']);
  await deployment('claude-sonnet-4-6', 'anthropic', `${prefix}/anthropic`);
  await deployment('mistral-small-latest', 'mistral', `${prefix}/mistral/v1`);
  const issued = await h.store.createApiKey({ actor, tenantId: tenant.id, name: 'e2e' });
  await h.settle();
  return { tenantId: tenant.id, secret: issued.secret, keyId: issued.key.id };
}
