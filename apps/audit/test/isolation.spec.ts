import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecordedV1 } from '@asc/contracts/events';
import { ADMIN_TOKEN, api, otherEvent, publish, requestEvent, rowCount, startApp, startEnv, waitFor, type Env, type RunningApp } from './support';

interface Page { tenantId: string; items: Array<{ record: AuditRecordedV1 }>; nextCursor: string | null }

describe('tenant isolation of the audit API (virtual keys, auditors, admin)', () => {
  let env: Env;
  let audit: RunningApp;
  const tenants: Record<'acme' | 'globex' | 'initech', { id: string; key: string; keyId: string }> = {} as never;

  beforeAll(async () => {
    env = await startEnv();
    for (const slug of ['acme', 'globex', 'initech'] as const) {
      const tenant = await env.store.createTenant({ actor: 'test', slug, name: slug });
      const issued = await env.store.createApiKey({ actor: 'test', tenantId: tenant.id, name: 'main' });
      tenants[slug] = { id: tenant.id, key: issued.secret, keyId: issued.key.id };
    }
    audit = await startApp(env.config);
    const events: AuditRecordedV1[] = [];
    for (const t of Object.values(tenants)) {
      for (let i = 0; i < 6; i++) events.push(requestEvent(t.id, t.keyId, 'gpt-4o'));
      events.push(otherEvent(t.id, 'admin.change'));
    }
    await publish(env.kafka, events);
    await waitFor(async () => (await rowCount(env.testDb.databaseUrl)) === events.length, 'events stored');
  });
  afterAll(async () => {
    await audit?.close();
    await env?.close();
  });

  const get = <T = unknown>(path: string, token: string | undefined) => api<T>(audit.url, `/audit/v1${path}`, token);

  it("a tenant's key reads its own trail, by id or slug, and nothing else", async () => {
    const { acme, globex } = tenants;
    const own = await get<Page>(`/tenants/acme/timeline`, acme.key);
    expect(own.status).toBe(200);
    expect(own.body.tenantId).toBe(acme.id);
    expect(own.body.items).toHaveLength(7);
    expect(own.body.items.every((i) => i.record.tenantId === acme.id)).toBe(true);
    expect((await get(`/tenants/${acme.id}/verify`, acme.key)).status).toBe(200);
    for (const path of [`/tenants/globex/timeline`, `/tenants/${globex.id}/timeline`, `/tenants/${globex.id}/verify`, `/tenants/${globex.id}/export`, `/tenants/${globex.id}/checkpoints`, '/tenants/_platform/timeline', '/tenants/no-such-tenant/timeline']) {
      const response = await get<{ error: { code: string } }>(path, acme.key);
      expect(response.status, path).toBe(404);
      expect(response.body.error.code).toBe('NOT_FOUND');
    }
  });

  it('cursors carry no access: a cursor minted for one tenant is refused on another', async () => {
    const { acme, globex } = tenants;
    const first = await get<Page>(`/tenants/acme/timeline?limit=2`, acme.key);
    const cursor = first.body.nextCursor!;
    expect(cursor).toBeTruthy();
    expect((await get(`/tenants/globex/timeline?cursor=${cursor}`, acme.key)).status).toBe(404);
    const forged = await get<{ error: { param: string } }>(`/tenants/${globex.id}/timeline?cursor=${cursor}`, ADMIN_TOKEN);
    expect(forged.status).toBe(400);
    expect(forged.body.error.param).toBe('cursor');
    const handmade = Buffer.from(JSON.stringify({ v: 1, t: acme.id, u: '0', s: 0 })).toString('base64url');
    const page = await get<Page>(`/tenants/acme/timeline?cursor=${handmade}`, acme.key);
    expect(page.body.items.every((i) => i.record.tenantId === acme.id)).toBe(true);
  });

  it('an auditor sees exactly the tenants it was granted, until revoked', async () => {
    const { acme, globex, initech } = tenants;
    const created = await api<{ auditor: { id: string; tenantIds: string[] }; token: string }>(audit.url, '/audit/v1/auditors', ADMIN_TOKEN, {
      method: 'POST',
      body: JSON.stringify({ name: 'External auditor', tenants: ['acme', globex.id] }),
    });
    expect(created.status).toBe(201);
    expect(created.body.auditor.tenantIds.sort()).toEqual([acme.id, globex.id].sort());
    const token = created.body.token;
    expect(token).toMatch(/^asc-aud-/);
    expect((await get<Page>(`/tenants/acme/timeline`, token)).body.items).toHaveLength(7);
    expect((await get<Page>(`/tenants/globex/timeline`, token)).body.items).toHaveLength(7);
    expect((await get(`/tenants/initech/timeline`, token)).status).toBe(404);
    expect((await get(`/tenants/${initech.id}/export`, token)).status).toBe(404);
    // Auditors cannot manage auditors.
    expect((await get('/auditors', token)).status).toBe(403);
    expect((await api(audit.url, `/audit/v1/auditors/${created.body.auditor.id}/revoke`, ADMIN_TOKEN, { method: 'POST' })).status).toBe(201);
    expect((await get(`/tenants/acme/timeline`, token)).status).toBe(401);
  });

  it('the admin token sees every tenant; unknown, missing and revoked credentials are refused', async () => {
    for (const t of Object.values(tenants)) expect((await get<Page>(`/tenants/${t.id}/timeline`, ADMIN_TOKEN)).body.items).toHaveLength(7);
    expect((await get('/tenants/acme/timeline', undefined)).status).toBe(401);
    expect((await get('/tenants/acme/timeline', 'sk-asc-' + 'A'.repeat(43))).status).toBe(401);
    expect((await get('/tenants/acme/timeline', 'asc-aud-unknown')).status).toBe(401);
    expect((await get('/auditors', tenants.acme.key)).status).toBe(403);
    // A key revoked through the admin store stops working as soon as the snapshot reloads (NOTIFY).
    await env.store.revokeApiKey({ actor: 'test', keyId: tenants.initech.keyId });
    await waitFor(async () => (await get('/tenants/initech/timeline', tenants.initech.key)).status === 401, 'revoked key refused');
  });

  it('the public key is published without credentials', async () => {
    const key = await get<{ algorithm: string; keyId: string }>('/public-key', undefined);
    expect(key.status).toBe(200);
    expect(key.body).toMatchObject({ algorithm: 'Ed25519', keyId: expect.stringMatching(/^[0-9a-f]{16}$/) });
  });
});
