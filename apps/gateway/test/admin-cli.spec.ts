import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatewayHarness, type GatewayHarness } from './harness';

const run = promisify(execFile);
const ASC = join(__dirname, '../../cli/bin/asc.js');

/** The admin HTTP API driven through the `asc` CLI binary, end to end: a tenant set up by CLI serves traffic. */
describe('admin API through the asc CLI', () => {
  let h: GatewayHarness;
  const asc = async (...args: string[]) => {
    const { stdout } = await run(process.execPath, [ASC, ...args], { env: { ...process.env, ASC_URL: h.url, ASC_ADMIN_TOKEN: h.config.ASC_ADMIN_TOKEN } });
    return stdout;
  };

  beforeAll(async () => {
    h = await startGatewayHarness();
  });
  afterAll(async () => h?.close());

  it('creates a tenant, credential, deployment and key that then serve a request', async () => {
    await asc('tenants', 'create', '--slug', 'cli-co', '--name', 'CLI Co');
    const credential = JSON.parse(
      await run(process.execPath, [ASC, 'credentials', 'create', '--provider', 'openai', '--name', 'cli-openai', '--secret-env', 'CLI_PROVIDER_SECRET', '--tenant', 'cli-co'], {
        env: { ...process.env, ASC_URL: h.url, ASC_ADMIN_TOKEN: h.config.ASC_ADMIN_TOKEN, CLI_PROVIDER_SECRET: 'sk-cli-provider-secret' },
      }).then((r) => r.stdout),
    ) as { id: string };
    expect(await asc('credentials', 'list')).not.toContain('sk-cli-provider-secret');
    await asc('deployments', 'create', '--model', 'cli-model', '--provider', 'openai', '--upstream-model', 'gpt-4o-mini', '--base-url', `${h.mockUrl}/openai/v1`, '--region', 'eu-west-1', '--credential', credential.id, '--tenant', 'cli-co');
    const created = await asc('keys', 'create', '--tenant', 'cli-co', '--name', 'ci');
    const secret = /secret \(shown once, store it now\): (sk-asc-\S+)/.exec(created)?.[1];
    expect(secret).toBeDefined();
    expect(await asc('keys', 'list', '--tenant', 'cli-co')).not.toContain(secret!);

    await h.settle();
    const client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: secret!, maxRetries: 0 });
    const completion = await client.chat.completions.create({ model: 'cli-model', messages: [{ role: 'user', content: 'hi' }] });
    expect(completion.model).toBe('cli-model');
    const [recorded] = await h.mock.requests({ limit: 1 });
    expect(recorded?.headers.authorization).toBe('Bearer sk-cli-provider-secret');

    const keys = JSON.parse(await asc('keys', 'list', '--tenant', 'cli-co', '--json')) as { id: string }[];
    await asc('keys', 'revoke', keys[0]!.id);
    await h.settle();
    await expect(client.chat.completions.create({ model: 'cli-model', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({ status: 401 });
  }, 120_000);

  it('refuses a wrong admin token and reports bad input clearly', async () => {
    const wrong = await fetch(`${h.url}/admin/v1/tenants`, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    const bad = await fetch(`${h.url}/admin/v1/tenants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.config.ASC_ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ slug: 'Not A Slug!' }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/slug/);
    await expect(asc('keys', 'create')).rejects.toMatchObject({ code: 2 });
  });
});
