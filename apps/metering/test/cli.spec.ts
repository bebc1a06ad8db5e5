import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, createHarness, usageEvent, waitFor, type Harness } from './harness';

const run = promisify(execFile);
// The built CLI (`npm test` builds first), as an operator runs it.
const CLI = fileURLToPath(new URL('../../cli/dist/main.js', import.meta.url));

describe('asc spend / asc budgets (built CLI against the metering API)', () => {
  let h: Harness;
  let tenantKey: string;
  let tenantId: string;

  beforeAll(async () => {
    h = await createHarness();
    const tenant = await h.store.createTenant({ actor: 'test', slug: 'cli-co', name: 'CLI Co' });
    tenantId = tenant.id;
    tenantKey = (await h.store.createApiKey({ actor: 'test', tenantId, name: 'k' })).secret;
    await h.startApp();
  });
  afterAll(async () => {
    await h?.close();
  });

  const asc = (args: string[], token: Record<string, string> = { ASC_ADMIN_TOKEN: ADMIN_TOKEN }) =>
    run(process.execPath, [CLI, ...args], { env: { PATH: process.env['PATH'] ?? '', ASC_METERING_URL: h.url, ...token } });

  it('creates and lists budgets and shows spend', async () => {
    const created = JSON.parse((await asc(['budgets', 'create', '--tenant', tenantId, '--period', 'day', '--amount', '2.50', '--soft', '60'])).stdout);
    expect(created).toMatchObject({ tenantId, period: 'day', amount: '2.5', softThresholdPct: 60, hardLimit: '2.5', state: 'ok' });
    await h.publish(Array.from({ length: 4 }, () => usageEvent({ tenantId, keyId: 'key-1' })));
    await waitFor(async () => (await h.pool.query('SELECT count(*)::int AS n FROM metering_processed_events')).rows[0].n === 4, 'usage applied');

    const listed = JSON.parse((await asc(['budgets', 'list', '--json'])).stdout);
    expect(listed).toEqual([expect.objectContaining({ id: created.id, spent: '0.0018', remaining: '2.4982' })]);
    const table = (await asc(['spend', 'show', '--group-by', 'tenant,model'])).stdout;
    expect(table).toContain(`${tenantId}  gpt-4o-mini  4`);
    expect(table).toContain('total 0.0018 USD over 4 requests');
  });

  it('lets a tenant key read but not change budgets', async () => {
    const own = JSON.parse((await asc(['budgets', 'list', '--json'], { ASC_ADMIN_TOKEN: ADMIN_TOKEN, ASC_METERING_TOKEN: tenantKey })).stdout);
    expect(own).toHaveLength(1);
    await expect(asc(['budgets', 'delete', own[0].id], { ASC_ADMIN_TOKEN: ADMIN_TOKEN, ASC_METERING_TOKEN: tenantKey })).rejects.toMatchObject({ stderr: expect.stringContaining('403') });
  });
});
