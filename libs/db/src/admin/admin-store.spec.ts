import { GatewayError } from '@asc/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkVirtualKey, loadGatewaySnapshot, type AdminStore } from '../index';
import { createAdminFixture, type AdminFixture } from '../testing';

let fx: AdminFixture;
let store: AdminStore;
beforeAll(async () => {
  fx = await createAdminFixture();
  store = fx.store;
});
afterAll(async () => {
  await fx.close();
});

const actor = 'admin@example.com';

async function errorOf(promise: Promise<unknown>): Promise<GatewayError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!GatewayError.is(error)) throw new Error(`expected a GatewayError, got ${String(error)}`);
  return error;
}

async function keyState(secret: string, at: Date = new Date()): Promise<string> {
  const result = checkVirtualKey(await loadGatewaySnapshot(fx.db, fx.cipher), secret, fx.pepper, at);
  return result.ok ? 'ok' : result.reason;
}

describe('tenants', () => {
  it('creates, lists, gets by id or slug, and updates tenants, recording each change', async () => {
    const org = await store.createOrganization({ actor, slug: 'acme', name: 'Acme' });
    const tenant = await store.createTenant({ actor, slug: 'acme-research', name: 'Acme Research', organizationId: org.id, allowedModels: ['gpt-4o-mini', 'gpt-4o-mini'] });
    expect(tenant).toMatchObject({ slug: 'acme-research', status: 'active', allowedModels: ['gpt-4o-mini'], organizationId: org.id });

    expect((await store.getTenant('acme-research')).id).toBe(tenant.id);
    expect((await store.getTenant(tenant.id)).slug).toBe('acme-research');
    expect((await store.listTenants()).map((t) => t.slug)).toContain('acme-research');

    const suspended = await store.updateTenant({ actor, tenantId: tenant.id, status: 'suspended' });
    expect(suspended.status).toBe('suspended');

    const changes = await store.listChanges({ entityId: tenant.id });
    expect(changes.map((c) => c.action)).toEqual(['tenant.created', 'tenant.updated']);
    expect(changes[1]).toMatchObject({ actor, entity: 'tenant', tenantId: tenant.id });
    expect(changes[1]?.before).toMatchObject({ status: 'active' });
    expect(changes[1]?.after).toMatchObject({ status: 'suspended' });
  });

  it('rejects duplicates with 409, bad input with 400, unknown tenants with 404', async () => {
    await store.createTenant({ actor, slug: 'dup', name: 'Dup' });
    const duplicate = await errorOf(store.createTenant({ actor, slug: 'dup', name: 'Again' }));
    expect(duplicate.httpStatus).toBe(409);

    const invalid = await errorOf(store.createTenant({ actor, slug: 'Not A Slug', name: '' }));
    expect(invalid.httpStatus).toBe(400);
    expect(invalid.message).toMatch(/slug/);
    expect(invalid.message).toMatch(/name/);

    expect((await errorOf(store.getTenant('nope'))).httpStatus).toBe(404);
    expect((await errorOf(store.createTenant({ actor: '', slug: 'x1', name: 'x' }))).httpStatus).toBe(400);
  });
});

describe('virtual keys', () => {
  let tenantId: string;
  beforeAll(async () => {
    tenantId = (await store.createTenant({ actor, slug: 'keys-tenant', name: 'Keys' })).id;
  });

  it('returns the secret once, lists keys without secrets or hashes, and authenticates by hash', async () => {
    const { key, secret } = await store.createApiKey({ actor, tenantId, name: 'ci' });
    expect(secret).toMatch(/^sk-asc-/);
    expect(key).toMatchObject({ tenantId, name: 'ci', prefix: secret.slice(0, 12), createdBy: actor, revokedAt: null, expiresAt: null });

    const listed = await store.listApiKeys('keys-tenant');
    expect(listed.map((k) => k.id)).toContain(key.id);
    for (const entry of listed) {
      expect(Object.keys(entry).sort()).toEqual(
        ['createdAt', 'createdBy', 'expiresAt', 'id', 'name', 'prefix', 'revokedAt', 'rotatedFromId', 'rotatedToId', 'tenantId'],
      );
    }
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect(await keyState(secret)).toBe('ok');
    expect(await keyState(`${secret.slice(0, -1)}x`)).toBe('unknown');
  });

  it('revokes at once; revoking again changes nothing', async () => {
    const { key, secret } = await store.createApiKey({ actor, tenantId, name: 'to-revoke' });
    const revoked = await store.revokeApiKey({ actor, keyId: key.id });
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect(await keyState(secret)).toBe('revoked');
    const again = await store.revokeApiKey({ actor, keyId: key.id });
    expect(again.revokedAt?.getTime()).toBe(revoked.revokedAt?.getTime());
    expect((await store.listChanges({ entityId: key.id })).map((c) => c.action)).toEqual(['api_key.created', 'api_key.revoked']);
    expect((await errorOf(store.revokeApiKey({ actor, keyId: 'missing' }))).httpStatus).toBe(404);
  });

  it('rotates with a grace period: the old key works during it and not after', async () => {
    const { key: old, secret: oldSecret } = await store.createApiKey({ actor, tenantId, name: 'rotating' });
    const before = Date.now();
    const rotated = await store.rotateApiKey({ actor, keyId: old.id, gracePeriodSeconds: 2 });

    expect(rotated.secret).not.toBe(oldSecret);
    expect(rotated.key).toMatchObject({ tenantId, name: 'rotating', rotatedFromId: old.id, expiresAt: null });
    expect(rotated.previous.rotatedToId).toBe(rotated.key.id);
    const graceEnd = rotated.previous.expiresAt!.getTime();
    expect(graceEnd).toBeGreaterThanOrEqual(before + 2000);
    expect(graceEnd).toBeLessThan(Date.now() + 2000 + 50);

    // During the grace period both keys work.
    expect(await keyState(oldSecret)).toBe('ok');
    expect(await keyState(rotated.secret)).toBe('ok');
    // After it (checked at real wall-clock time, reloading the snapshot) only the new one does.
    await new Promise((resolve) => setTimeout(resolve, graceEnd - Date.now() + 20));
    expect(await keyState(oldSecret)).toBe('expired');
    expect(await keyState(rotated.secret)).toBe('ok');

    const actions = (await store.listChanges({ tenantId })).filter((c) => c.entityId === old.id || c.entityId === rotated.key.id);
    expect(actions.map((c) => `${c.action}:${c.entityId === old.id ? 'old' : 'new'}`)).toEqual([
      'api_key.created:old', 'api_key.rotated:old', 'api_key.created:new',
    ]);

    // A key rotates once; revoked or expired keys do not rotate.
    expect((await errorOf(store.rotateApiKey({ actor, keyId: old.id }))).httpStatus).toBe(409);
  });

  it('keeps an earlier expiry of the old key and carries it to the successor', async () => {
    const expiresAt = new Date(Date.now() + 60_000);
    const { key } = await store.createApiKey({ actor, tenantId, name: 'short-lived', expiresAt });
    const rotated = await store.rotateApiKey({ actor, keyId: key.id, gracePeriodSeconds: 3600 });
    expect(rotated.previous.expiresAt?.getTime()).toBe(expiresAt.getTime());
    expect(rotated.key.expiresAt?.getTime()).toBe(expiresAt.getTime());
  });

  it('expires keys at expiresAt and refuses expiry dates in the past', async () => {
    const expiresAt = new Date(Date.now() + 1500);
    const { secret } = await store.createApiKey({ actor, tenantId, name: 'expiring', expiresAt });
    expect(await keyState(secret)).toBe('ok');
    expect(await keyState(secret, new Date(expiresAt.getTime() + 1))).toBe('expired');
    await new Promise((resolve) => setTimeout(resolve, expiresAt.getTime() - Date.now() + 20));
    expect(await keyState(secret)).toBe('expired');

    const past = await errorOf(store.createApiKey({ actor, tenantId, name: 'past', expiresAt: new Date(Date.now() - 1000) }));
    expect(past.httpStatus).toBe(400);
  });

  it('serialises concurrent rotations of one key: exactly one wins', async () => {
    const { key } = await store.createApiKey({ actor, tenantId, name: 'race' });
    const outcomes = await Promise.allSettled([
      store.rotateApiKey({ actor, keyId: key.id }),
      store.rotateApiKey({ actor, keyId: key.id }),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const rejected = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(GatewayError.is(rejected?.reason) && rejected.reason.httpStatus).toBe(409);
  });

  it('refuses keys of a suspended tenant at authentication', async () => {
    const suspended = await store.createTenant({ actor, slug: 'suspended-co', name: 'S' });
    const { secret } = await store.createApiKey({ actor, tenantId: suspended.id, name: 'k' });
    await store.updateTenant({ actor, tenantId: suspended.id, status: 'suspended' });
    expect(await keyState(secret)).toBe('tenant_suspended');
  });
});

describe('credentials and deployments', () => {
  let tenantId: string;
  let otherTenantId: string;
  beforeAll(async () => {
    tenantId = (await store.createTenant({ actor, slug: 'deploy-tenant', name: 'Deploy' })).id;
    otherTenantId = (await store.createTenant({ actor, slug: 'other-tenant', name: 'Other' })).id;
  });

  it('stores credentials encrypted, lists metadata only, and refuses to delete one in use', async () => {
    const platform = await store.createCredential({ actor, provider: 'openai', name: 'platform-openai', secret: 'sk-platform-aaaa' });
    const own = await store.createCredential({ actor, tenantId: 'deploy-tenant', provider: 'anthropic', name: 'own', secret: 'sk-ant-bbbb' });
    expect(platform).toMatchObject({ tenantId: null, provider: 'openai', keyId: 'test-key', createdBy: actor });
    expect(own.tenantId).toBe(tenantId);

    const all = await store.listCredentials();
    expect(JSON.stringify(all)).not.toMatch(/sk-platform-aaaa|sk-ant-bbbb/);
    expect((await store.listCredentials({ tenantId: null })).map((c) => c.id)).toContain(platform.id);
    expect((await store.listCredentials({ tenantId })).map((c) => c.id)).toEqual([own.id]);

    const deployment = await store.createDeployment({
      actor, tenantId, model: 'claude-fast', provider: 'anthropic', upstreamModel: 'claude-3-5-haiku-latest',
      baseUrl: 'https://api.anthropic.com', region: 'us-east-1', credentialId: own.id,
    });
    expect((await errorOf(store.deleteCredential({ actor, credentialId: own.id }))).httpStatus).toBe(409);
    await store.updateDeployment({ actor, deploymentId: deployment.id, credentialId: null });
    await store.deleteCredential({ actor, credentialId: own.id });
    expect((await store.listCredentials({ tenantId })).length).toBe(0);
    expect((await store.listChanges({ entityId: own.id })).map((c) => c.action)).toEqual([
      'provider_credential.created', 'provider_credential.deleted',
    ]);
    expect((await errorOf(store.deleteCredential({ actor, credentialId: own.id }))).httpStatus).toBe(404);
  });

  it('creates, updates, lists and disables deployments with defaults and validation', async () => {
    const credential = await store.createCredential({ actor, provider: 'azure-openai', name: 'azure', secret: 'azure-secret' });
    const created = await store.createDeployment({
      actor, model: 'gpt-4o-mini', provider: 'azure-openai', upstreamModel: 'gpt-4o-mini-2024-07-18',
      baseUrl: 'https://eu.example.openai.azure.com', region: 'eu-west-1', apiVersion: '2024-10-21', credentialId: credential.id,
    });
    expect(created).toMatchObject({ tenantId: null, operations: ['chat'], priority: 0, weight: 1, enabled: true, apiVersion: '2024-10-21' });

    const updated = await store.updateDeployment({ actor, deploymentId: created.id, priority: 5, operations: ['chat', 'embeddings', 'chat'] });
    expect(updated).toMatchObject({ priority: 5, operations: ['chat', 'embeddings'], region: 'eu-west-1' });

    const disabled = await store.disableDeployment({ actor, deploymentId: created.id });
    expect(disabled.enabled).toBe(false);
    expect((await store.listDeployments({ tenantId: null, model: 'gpt-4o-mini' })).map((d) => d.id)).toEqual([created.id]);
    expect((await store.listChanges({ entityId: created.id })).map((c) => c.action)).toEqual([
      'deployment.created', 'deployment.updated', 'deployment.disabled',
    ]);

    const base = { actor, model: 'm', provider: 'openai' as const, upstreamModel: 'u', baseUrl: 'https://api.openai.com/v1', region: 'us-east-1' };
    expect((await errorOf(store.createDeployment({ ...base, baseUrl: 'ftp://x' }))).param).toBe('baseUrl');
    expect((await errorOf(store.createDeployment({ ...base, operations: [] }))).httpStatus).toBe(400);
    expect((await errorOf(store.createDeployment({ ...base, provider: 'bedrock' as 'openai' }))).httpStatus).toBe(400);
    // Credential of another provider, or of another tenant, is refused.
    expect((await errorOf(store.createDeployment({ ...base, credentialId: credential.id }))).param).toBe('credentialId');
    const foreign = await store.createCredential({ actor, tenantId: otherTenantId, provider: 'openai', name: 'theirs', secret: 's' });
    expect((await errorOf(store.createDeployment({ ...base, tenantId, credentialId: foreign.id }))).message).toMatch(/another tenant/);
    expect((await errorOf(store.updateDeployment({ actor, deploymentId: 'missing', priority: 1 }))).httpStatus).toBe(404);
  });
});
