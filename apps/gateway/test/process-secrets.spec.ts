import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminStore, Database } from '@asc/db';
import { createTestDatabase, type TestDatabase } from '@asc/db/testing';
import { startMockLlm } from '@asc/mock-llm';
import { EnvelopeCipher, parseMasterKeyring } from '@asc/secrets';

/**
 * The built gateway as an operator runs it (`node apps/gateway/dist/main.js`), with debug logging: whatever
 * happens — good keys, bad keys, provider errors, admin calls — neither virtual keys nor provider credentials
 * appear in its output.
 */
describe('gateway process: secrets never reach the logs', () => {
  let database: TestDatabase;
  let mock: Awaited<ReturnType<typeof startMockLlm>>;
  let gateway: ChildProcess;
  let output = '';
  let url = '';
  let secret = '';
  const providerSecret = `sk-provider-${randomBytes(12).toString('hex')}`;
  const env = {
    ASC_KEY_HASH_SECRET: randomBytes(32).toString('base64url'),
    ASC_MASTER_KEYS: `t:${randomBytes(32).toString('base64')}`,
    ASC_ADMIN_TOKEN: `admin-${randomBytes(24).toString('base64url')}`,
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    mock = await startMockLlm({ port: 0 });
    const db = Database.connect(database.databaseUrl, { poolSize: 1 });
    const store = new AdminStore({ db, cipher: new EnvelopeCipher(parseMasterKeyring(env.ASC_MASTER_KEYS)), keyPepper: env.ASC_KEY_HASH_SECRET });
    const tenant = await store.createTenant({ actor: 'test', slug: 'logs', name: 'logs' });
    const credential = await store.createCredential({ actor: 'test', provider: 'openai', name: 'p', secret: providerSecret });
    await store.createDeployment({ actor: 'test', model: 'gpt-4o-mini', provider: 'openai', upstreamModel: 'gpt-4o-mini', baseUrl: `${mock.url}/openai/v1`, region: 'eu-west-1', credentialId: credential.id });
    secret = (await store.createApiKey({ actor: 'test', tenantId: tenant.id, name: 'k' })).secret;
    await db.close();

    gateway = spawn(process.execPath, [join(__dirname, '../dist/main.js')], {
      env: { ...process.env, ...env, DATABASE_URL: database.databaseUrl, ASC_GATEWAY_PORT: '0', ASC_EVENTS_ENABLED: 'false', LOG_LEVEL: 'debug' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (data: Buffer) => (output += data.toString());
    gateway.stdout!.on('data', collect);
    gateway.stderr!.on('data', collect);
    url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`gateway did not start:\n${output}`)), 30_000);
      const check = () => {
        const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      };
      gateway.stdout!.on('data', check);
      gateway.on('exit', (code) => reject(new Error(`gateway exited with ${code}:\n${output}`)));
    });
  });

  afterAll(async () => {
    if (gateway && gateway.exitCode === null) {
      const exited = new Promise((resolve) => gateway.once('exit', resolve));
      gateway.kill('SIGTERM');
      await exited;
    }
    await mock?.close();
    await database?.drop();
  });

  it('logs neither keys nor credentials', async () => {
    const call = (key: string, content: string) =>
      fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }] }),
      });
    expect((await call(secret, 'hello')).status).toBe(200);
    expect((await call(`${secret.slice(0, -4)}AAAA`, 'hello')).status).toBe(401);
    expect((await call(secret, 'mock:fail=500')).status).toBe(500);
    expect((await call(secret, 'mock:fail=401')).status).toBe(502);
    const admin = await fetch(`${url}/admin/v1/credentials`, { headers: { authorization: `Bearer ${env.ASC_ADMIN_TOKEN}` } });
    expect(JSON.stringify(await admin.json())).not.toContain(providerSecret);
    // Let the process flush its logs.
    await new Promise((r) => setTimeout(r, 200));
    expect(output).toContain('listening on');
    for (const needle of [secret, secret.slice(7), providerSecret, env.ASC_ADMIN_TOKEN, env.ASC_MASTER_KEYS.split(':')[1]!]) {
      expect(output).not.toContain(needle);
    }
  });
});
