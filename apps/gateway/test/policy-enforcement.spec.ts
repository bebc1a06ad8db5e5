import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@asc/db/testing';
import { startGatewayHarness, type GatewayHarness } from './harness';

const ROOT = join(__dirname, '../../..');

/** Starts the built policy service as its own process on `databaseUrl`; resolves with its gRPC and HTTP addresses. */
async function startPolicyService(databaseUrl: string, adminToken: string): Promise<{ grpc: string; http: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(ROOT, 'apps/policy/dist/main.js')], {
    env: { PATH: process.env.PATH ?? '', DATABASE_URL: databaseUrl, ASC_ADMIN_TOKEN: adminToken, ASC_POLICY_GRPC_PORT: '0', ASC_POLICY_HTTP_PORT: '0', ASC_EVENTS_ENABLED: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`policy service did not start:\n${output}`)), 40_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const grpc = /gRPC listening on ([\d.]+:\d+)/.exec(output);
      const http = /admin HTTP listening on (http:\/\/[\d.]+:\d+)/.exec(output);
      if (grpc && http) {
        clearTimeout(timer);
        resolve({ grpc: grpc[1]!, http: http[1]!, child });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`policy service exited with ${code}:\n${output}`)));
  });
}

/** Policy decisions enforced by the gateway: residency (also on fallback), PII redaction and blocking. */
describe('gateway policy enforcement', () => {
  let database: TestDatabase;
  let policy: { grpc: string; http: string; child: ChildProcess };
  let h: GatewayHarness;
  let euKey: string;
  let tinyKey: string;
  const adminToken = randomBytes(24).toString('hex');

  beforeAll(async () => {
    database = await createTestDatabase();
    policy = await startPolicyService(database.databaseUrl, adminToken);
    h = await startGatewayHarness({ ASC_POLICY_ADDRESS: policy.grpc, ASC_ADMIN_TOKEN: adminToken }, { databaseUrl: database.databaseUrl });
    const file = {
      apiVersion: 'asc.policy/v1',
      organizations: [{ slug: 'acme', name: 'ACME Group', policy: { approvedModels: ['gpt-4o-mini'] } }],
      tenants: [
        {
          slug: 'acme-eu',
          name: 'ACME Europe',
          organization: 'acme',
          policy: { allowedRegions: ['eu'], guardrails: { pii: { email: 'redact', card: 'block' } } },
          deployments: [
            { model: 'gpt-4o-mini', provider: 'openai', baseUrl: `${h.mockUrl}/~eu/openai/v1`, region: 'eu-west-1' },
            // Preferred by priority, but outside the tenant's residency: must never be used.
            { model: 'gpt-4o-mini', provider: 'openai', baseUrl: `${h.mockUrl}/~us/openai/v1`, region: 'us-east-1', priority: -1 },
          ],
        },
        {
          slug: 'tiny',
          name: 'Tiny',
          organization: 'acme',
          policy: { rateLimits: { tenant: { requestsPerMinute: 3 } } },
          deployments: [{ model: 'gpt-4o-mini', provider: 'openai', baseUrl: `${h.mockUrl}/~tiny/openai/v1`, region: 'eu-west-1' }],
        },
      ],
    };
    const applied = await fetch(`${policy.http}/admin/v1/policy/apply`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ file }),
    });
    expect(applied.status).toBe(200);
    const tenant = await h.store.getTenant('acme-eu');
    const credential = await h.store.createCredential({ actor: 'test', provider: 'openai', name: 'eu', secret: 'sk-eu', tenantId: tenant.id });
    for (const d of await h.store.listDeployments({ tenantId: tenant.id })) {
      await h.store.updateDeployment({ actor: 'test', deploymentId: d.id, credentialId: credential.id });
    }
    euKey = (await h.store.createApiKey({ actor: 'test', tenantId: tenant.id, name: 'eu' })).secret;
    const tiny = await h.store.getTenant('tiny');
    const tinyCredential = await h.store.createCredential({ actor: 'test', provider: 'openai', name: 'tiny', secret: 'sk-tiny', tenantId: tiny.id });
    for (const d of await h.store.listDeployments({ tenantId: tiny.id })) {
      await h.store.updateDeployment({ actor: 'test', deploymentId: d.id, credentialId: tinyCredential.id });
    }
    tinyKey = (await h.store.createApiKey({ actor: 'test', tenantId: tiny.id, name: 'tiny' })).secret;
    await h.settle();
    // Let the policy snapshot (Watch) catch up with the deployments and the key.
    await new Promise((r) => setTimeout(r, 1000));
  }, 120_000);

  afterAll(async () => {
    await h?.close();
    if (policy?.child.exitCode === null) {
      const exited = new Promise((r) => policy.child.once('exit', r));
      policy.child.kill('SIGTERM');
      await exited;
    }
    await database?.drop();
  });

  const chat = (content: string) =>
    fetch(`${h.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${euKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }] }),
    });

  it('serves an EU-pinned tenant only from EU deployments, also when the EU deployment fails', async () => {
    await h.mock.reset();
    expect((await chat('hello')).status).toBe(200);
    await h.mock.setBehavior({ match: { label: 'eu' }, behavior: { status: 503 } });
    const failed = await chat('hello again');
    expect(failed.status).toBe(503);
    expect((await h.mock.requests({ label: 'us' })).length).toBe(0);
    expect((await h.mock.requests({ label: 'eu' })).length).toBe(2);
  });

  it('holds a tenant\'s requests-per-minute limit across two gateway processes sharing Redis', async () => {
    const env = {
      DATABASE_URL: database.databaseUrl,
      ASC_KEY_HASH_SECRET: h.config.ASC_KEY_HASH_SECRET,
      ASC_MASTER_KEYS: h.config.ASC_MASTER_KEYS,
      ASC_ADMIN_TOKEN: adminToken,
      ASC_GATEWAY_PORT: '0',
      ASC_EVENTS_ENABLED: 'false',
      ASC_POLICY_ADDRESS: policy.grpc,
      REDIS_URL: 'redis://127.0.0.1:6379',
      OTEL_TRACES_EXPORTER: 'none',
    };
    const replicas = await Promise.all([startGatewayProcess(env), startGatewayProcess(env)]);
    try {
      const statuses: number[] = [];
      let limited: Response | undefined;
      for (let i = 0; i < 8; i++) {
        const response = await fetch(`${replicas[i % 2]!.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${tinyKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `call ${i}` }] }),
        });
        statuses.push(response.status);
        if (response.status === 429) limited ??= response;
        await response.text();
      }
      expect(statuses.filter((s) => s === 200)).toHaveLength(3);
      expect(statuses.filter((s) => s === 429)).toHaveLength(5);
      expect(limited?.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(limited?.headers.get('x-ratelimit-limit-requests')).toBe('3');
    } finally {
      for (const r of replicas) {
        const exited = new Promise((done) => r.child.once('exit', done));
        r.child.kill('SIGTERM');
        await exited;
      }
    }
  }, 90_000);

  it('redacts PII before it reaches the provider, and blocks what the policy blocks', async () => {
    await h.mock.reset();
    const redacted = await chat('Contact me at jane.doe@example.com please');
    expect(redacted.status).toBe(200);
    const [seen] = await h.mock.requests({ label: 'eu', limit: 1 });
    const sent = JSON.stringify(seen?.body);
    expect(sent).not.toContain('jane.doe@example.com');
    expect(sent).toContain('[REDACTED:EMAIL]');

    const blocked = await chat('My card is 4111 1111 1111 1111');
    expect(blocked.status).toBe(403);
    expect(await blocked.json()).toMatchObject({ error: { type: expect.any(String), message: expect.stringContaining('PII_BLOCKED') } });
    expect((await h.mock.requests({ label: 'eu' })).length).toBe(1);
  });
});

/** Starts the built gateway as its own process (like a replica in production); resolves with its URL. */
async function startGatewayProcess(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(ROOT, 'apps/gateway/dist/main.js')], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not start:\n${output}`)), 40_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1]!, child });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`gateway exited with ${code}:\n${output}`)));
  });
}
