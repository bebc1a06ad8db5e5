import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminFixture, type AdminFixture } from '../testing';
import { listenConfigChanges, type ConfigChangeEvent } from '../snapshot/config-listener';
import { PolicyStore } from './policy-store';
import type { PolicyChangeSet } from './policy-types';

const empty = (over: Partial<PolicyChangeSet>): PolicyChangeSet => ({
  actor: 'test', summary: 'test', diff: [], organizations: [], tenants: [], deploymentsCreate: [], deploymentsUpdate: [], policiesSet: [], policiesRemove: [], ...over,
});

describe('PolicyStore', () => {
  let fx: AdminFixture;
  let store: PolicyStore;
  beforeAll(async () => {
    fx = await createAdminFixture();
    store = new PolicyStore(fx.db);
  });
  afterAll(async () => fx.close());

  it('applies a change set in one transaction: entities, a new version, one admin change and a NOTIFY', async () => {
    const events: ConfigChangeEvent[] = [];
    const listener = await listenConfigChanges(fx.testDb.databaseUrl, (e) => events.push(e));
    expect(await store.currentVersion()).toBe(0);
    const applied = await store.apply(
      empty({
        summary: 'acme',
        diff: ['+ organization acme'],
        organizations: [{ slug: 'acme', name: 'ACME', create: true }],
        tenants: [{ slug: 'acme-eu', name: 'ACME EU', organizationSlug: 'acme', create: true }],
        deploymentsCreate: [{ tenantSlug: 'acme-eu', model: 'm', provider: 'openai', upstreamModel: 'm', baseUrl: 'http://x', region: 'eu-west-1', apiVersion: null, credentialId: null, operations: ['chat'], priority: 0, weight: 1, enabled: true }],
        policiesSet: [
          { scope: 'organization', ref: 'acme', document: { approvedModels: ['m'] } },
          { scope: 'tenant', ref: 'acme-eu', document: { allowedRegions: ['eu'] } },
          { scope: 'platform', ref: 'platform', document: { logging: 'metadata' } },
        ],
      }),
    );
    expect(applied.version).toBe(1);
    const rows = await store.loadSnapshotRows();
    expect(rows.version).toBe(1);
    expect(rows.tenants.map((t) => [t.slug, t.organizationId])).toEqual([['acme-eu', rows.organizations[0]!.id]]);
    expect(rows.policies.map((p) => [p.scope, p.version, p.document])).toEqual(
      expect.arrayContaining([['organization', 1, { approvedModels: ['m'] }], ['tenant', 1, { allowedRegions: ['eu'] }], ['platform', 1, { logging: 'metadata' }]]),
    );
    const changes = await fx.store.listChanges({ entity: 'policy' });
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ action: 'policy_set.applied', entityId: '1', actor: 'test', after: { version: 1, diff: ['+ organization acme'] } });
    await expect.poll(() => events.length).toBeGreaterThan(0);
    expect(events[0]).toEqual({ kind: 'change', change: { entity: 'policy', id: '1', tenantId: null, action: 'policy_set.applied' } });
    await listener.close();
  });

  it('refuses a stale plan and rolls back a failing change set entirely', async () => {
    await expect(store.apply(empty({ expectedVersion: 0, policiesSet: [{ scope: 'platform', ref: 'platform', document: {} }] }))).rejects.toThrow(/live policy version is 1/);
    await expect(
      store.apply(empty({ organizations: [{ slug: 'ghost-org', name: 'G', create: true }], policiesSet: [{ scope: 'tenant', ref: 'nope', document: {} }] })),
    ).rejects.toThrow(/Tenant 'nope' does not exist/);
    const state = await store.loadLiveState();
    expect(state.version).toBe(1);
    expect(state.organizations.map((o) => o.slug)).toEqual(['acme']);
    const second = await store.apply(empty({ expectedVersion: 1, policiesRemove: [{ scope: 'platform', scopeId: 'platform' }] }));
    // Versions only rise; a rolled-back change may leave a gap (sequences are not transactional).
    expect(second.version).toBeGreaterThan(1);
    expect((await store.listRevisions()).map((r) => r.version)).toEqual([second.version, 1]);
  });

  it('writes a key layer only for a key of the named tenant', async () => {
    const other = await fx.store.createTenant({ actor: 'test', slug: 'other', name: 'Other' });
    const { key } = await fx.store.createApiKey({ actor: 'test', tenantId: other.id, name: 'k' });
    await expect(store.apply(empty({ policiesSet: [{ scope: 'key', ref: key.id, document: { maxTokensPerRequest: 5 }, keyTenant: 'acme-eu' }] }))).rejects.toThrow(/does not belong to tenant 'acme-eu'/);
    const applied = await store.apply(empty({ policiesSet: [{ scope: 'key', ref: key.id, document: { maxTokensPerRequest: 5 }, keyTenant: 'other' }] }));
    const rows = await store.loadSnapshotRows();
    expect(rows.keyTenants).toEqual([{ keyId: key.id, tenantId: other.id }]);
    expect(rows.policies.find((p) => p.scope === 'key')).toMatchObject({ scopeId: key.id, version: applied.version });
  });
});
