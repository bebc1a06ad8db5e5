import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGatewaySnapshot } from '../index';
import { createAdminFixture, type AdminFixture } from '../testing';

/**
 * Scans every column of every table of the test database (cast to text) for plaintext secrets, after the
 * flows that handle them: key creation and rotation, credential creation, deployments using credentials.
 */
let fx: AdminFixture;
beforeAll(async () => {
  fx = await createAdminFixture();
});
afterAll(async () => {
  await fx.close();
});

async function findInDatabase(needle: string): Promise<string[]> {
  const client = new Client({ connectionString: fx.testDb.databaseUrl });
  await client.connect();
  try {
    const { rows: columns } = await client.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns
        WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
    );
    expect(columns.length).toBeGreaterThan(40);
    const hits: string[] = [];
    for (const { table_name: table, column_name: column } of columns) {
      const sql = `SELECT count(*)::int AS n FROM ${client.escapeIdentifier(table)}
                    WHERE strpos(${client.escapeIdentifier(column)}::text, $1) > 0`;
      const { rows } = await client.query<{ n: number }>(sql, [needle]);
      if ((rows[0]?.n ?? 0) > 0) hits.push(`${table}.${column}`);
    }
    return hits;
  } finally {
    await client.end();
  }
}

describe('secrets at rest', () => {
  it('never stores a virtual key in clear, only its prefix and keyed hash', async () => {
    const tenant = await fx.store.createTenant({ actor: 'root', slug: 'scan', name: 'Scan' });
    const issued = await fx.store.createApiKey({ actor: 'root', tenantId: tenant.id, name: 'scan' });
    const rotated = await fx.store.rotateApiKey({ actor: 'root', keyId: issued.key.id, gracePeriodSeconds: 60 });

    for (const secret of [issued.secret, rotated.secret]) {
      expect(await findInDatabase(secret)).toEqual([]);
      // The random part alone must not appear either (prefix + 5 chars are stored deliberately).
      expect(await findInDatabase(secret.slice(12))).toEqual([]);
      // The prefix is stored, which proves the scan does see the api_keys rows.
      expect(await findInDatabase(secret.slice(0, 12))).toContain('api_keys.prefix');
    }
  });

  it('stores provider credentials only encrypted, and the snapshot decrypts them', async () => {
    const secret = 'sk-upstream-0123456789abcdefghijklmnop';
    const credential = await fx.store.createCredential({ actor: 'root', provider: 'openai', name: 'scan-cred', secret });
    const deployment = await fx.store.createDeployment({
      actor: 'root', model: 'gpt-4o-mini', provider: 'openai', upstreamModel: 'gpt-4o-mini',
      baseUrl: 'https://api.openai.com/v1', region: 'us-east-1', credentialId: credential.id,
    });

    expect(await findInDatabase(secret)).toEqual([]);
    expect(await findInDatabase(secret.slice(8, 28))).toEqual([]);
    expect(await findInDatabase(Buffer.from(secret).toString('base64').slice(0, 24))).toEqual([]);
    expect(await findInDatabase('scan-cred')).toEqual(expect.arrayContaining(['provider_credentials.name']));

    const snapshot = await loadGatewaySnapshot(fx.db, fx.cipher);
    const loaded = snapshot.deployments.find((d) => d.id === deployment.id);
    expect(loaded?.credential).toEqual({ id: credential.id, provider: 'openai', name: 'scan-cred', secret });
  });
});
