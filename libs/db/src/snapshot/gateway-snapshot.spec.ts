import { randomBytes } from 'node:crypto';
import { EnvelopeCipher, hashVirtualKey, parseMasterKey } from '@asc/secrets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGatewaySnapshot } from '../index';
import { createAdminFixture, type AdminFixture } from '../testing';

let fx: AdminFixture;
beforeAll(async () => {
  fx = await createAdminFixture();
});
afterAll(async () => {
  await fx.close();
});

describe('loadGatewaySnapshot', () => {
  it('holds keys by hash, tenants, and enabled deployments with decrypted credentials', async () => {
    const { store } = fx;
    const tenant = await store.createTenant({ actor: 'a', slug: 'snap', name: 'Snap', allowedModels: ['gpt-4o-mini'] });
    const { key, secret } = await store.createApiKey({ actor: 'a', tenantId: tenant.id, name: 'k' });
    const revoked = await store.createApiKey({ actor: 'a', tenantId: tenant.id, name: 'r' });
    await store.revokeApiKey({ actor: 'a', keyId: revoked.key.id });
    const cred = await store.createCredential({ actor: 'a', provider: 'mistral', name: 'm', secret: 'mistral-secret' });
    const platform = await store.createDeployment({
      actor: 'a', model: 'mistral-small', provider: 'mistral', upstreamModel: 'mistral-small-latest',
      baseUrl: 'https://api.mistral.ai/v1', region: 'eu-west-1', credentialId: cred.id, priority: 1,
    });
    const own = await store.createDeployment({
      actor: 'a', tenantId: tenant.id, model: 'local-llama', provider: 'openai-compatible', upstreamModel: 'llama3',
      baseUrl: 'http://127.0.0.1:8000/v1', region: 'us-east-1', operations: ['chat', 'embeddings'],
    });
    const off = await store.createDeployment({
      actor: 'a', model: 'off', provider: 'openai', upstreamModel: 'x', baseUrl: 'https://api.openai.com/v1', region: 'us-east-1',
    });
    await store.disableDeployment({ actor: 'a', deploymentId: off.id });

    const snapshot = await loadGatewaySnapshot(fx.db.prisma, fx.cipher);
    expect(snapshot.keysByHash.get(hashVirtualKey(secret, fx.pepper))).toEqual({
      keyId: key.id, tenantId: tenant.id, prefix: key.prefix, expiresAt: null, revokedAt: null,
    });
    expect(snapshot.keysByHash.get(hashVirtualKey(revoked.secret, fx.pepper))?.revokedAt).toBeInstanceOf(Date);
    expect(snapshot.tenants.get(tenant.id)).toEqual({
      id: tenant.id, slug: 'snap', name: 'Snap', status: 'active', allowedModels: ['gpt-4o-mini'], organizationId: null,
    });
    expect(snapshot.deployments.map((d) => d.id).sort()).toEqual([platform.id, own.id].sort());
    expect(snapshot.deployments.find((d) => d.id === platform.id)).toMatchObject({
      tenantId: null, model: 'mistral-small', region: 'eu-west-1', priority: 1,
      credential: { id: cred.id, provider: 'mistral', secret: 'mistral-secret' },
    });
    expect(snapshot.deployments.find((d) => d.id === own.id)).toMatchObject({
      tenantId: tenant.id, credential: null, operations: ['chat', 'embeddings'],
    });
    expect(snapshot.warnings).toEqual([]);
  });

  it('decrypts after a master key rotation and reports deployments whose key is gone', async () => {
    const cred = await fx.store.createCredential({ actor: 'a', provider: 'openai', name: 'old-key', secret: 'sealed-before-rotation' });
    const deployment = await fx.store.createDeployment({
      actor: 'a', model: 'rotation', provider: 'openai', upstreamModel: 'gpt-4o', baseUrl: 'https://api.openai.com/v1',
      region: 'us-east-1', credentialId: cred.id,
    });
    const nextKey = parseMasterKey('next-key', randomBytes(32).toString('base64'));

    // Operator rotation: the new key first, the old one kept in the keyring.
    const keyring = new EnvelopeCipher([nextKey, fx.masterKey]);
    const after = await loadGatewaySnapshot(fx.db, keyring);
    expect(after.deployments.find((d) => d.id === deployment.id)?.credential?.secret).toBe('sealed-before-rotation');

    // Without the old key the credential cannot be opened: that deployment is left out, with a warning.
    const withoutOld = await loadGatewaySnapshot(fx.db, new EnvelopeCipher([nextKey]));
    expect(withoutOld.deployments.find((d) => d.id === deployment.id)).toBeUndefined();
    expect(withoutOld.warnings.join('\n')).toContain(deployment.id);
  });
});
