import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenConfigChanges, type ConfigChangeEvent, type ConfigChangeListener } from '../index';
import { createAdminFixture, type AdminFixture } from '../testing';

let fx: AdminFixture;
beforeAll(async () => {
  fx = await createAdminFixture();
});
afterAll(async () => {
  await fx.close();
});

/** Collects events and lets a test wait for the next one matching a predicate. */
function recorder(): { events: ConfigChangeEvent[]; onChange: (e: ConfigChangeEvent) => void; next: (match: (e: ConfigChangeEvent) => boolean) => Promise<ConfigChangeEvent> } {
  const events: ConfigChangeEvent[] = [];
  const waiters: { match: (e: ConfigChangeEvent) => boolean; resolve: (e: ConfigChangeEvent) => void }[] = [];
  return {
    events,
    onChange(event) {
      events.push(event);
      for (const waiter of [...waiters]) {
        if (waiter.match(event)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(event);
        }
      }
    },
    next(match) {
      const seen = events.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no matching config event within 10 s')), 10_000);
        waiters.push({ match, resolve: (e) => { clearTimeout(timer); resolve(e); } });
      });
    },
  };
}

describe('listenConfigChanges', () => {
  let listener: ConfigChangeListener | undefined;
  afterAll(async () => {
    await listener?.close();
  });

  it('receives a NOTIFY for each committed admin mutation, with entity, id and tenant', async () => {
    const rec = recorder();
    listener = await listenConfigChanges(fx.testDb.databaseUrl, rec.onChange);

    const tenant = await fx.store.createTenant({ actor: 'a', slug: 'listen', name: 'Listen' });
    expect(await rec.next((e) => e.kind === 'change' && e.change.id === tenant.id)).toEqual({
      kind: 'change', change: { entity: 'tenant', id: tenant.id, tenantId: tenant.id, action: 'tenant.created' },
    });

    const { key } = await fx.store.createApiKey({ actor: 'a', tenantId: tenant.id, name: 'k' });
    expect(await rec.next((e) => e.kind === 'change' && e.change.id === key.id)).toEqual({
      kind: 'change', change: { entity: 'api_key', id: key.id, tenantId: tenant.id, action: 'api_key.created' },
    });
  });

  it('sends nothing for a mutation that fails and rolls back', async () => {
    const rec = recorder();
    const own = await listenConfigChanges(fx.testDb.databaseUrl, rec.onChange);
    try {
      await fx.store.createTenant({ actor: 'a', slug: 'once', name: 'Once' });
      await expect(fx.store.createTenant({ actor: 'a', slug: 'once', name: 'Twice' })).rejects.toThrow(/already exists/);
      // A later, successful mutation proves delivery is working; by then the failed one would have arrived.
      const marker = await fx.store.createTenant({ actor: 'a', slug: 'marker', name: 'Marker' });
      await rec.next((e) => e.kind === 'change' && e.change.id === marker.id);
      const created = rec.events.filter((e) => e.kind === 'change' && e.change.action === 'tenant.created');
      expect(created).toHaveLength(2);
    } finally {
      await own.close();
    }
  });

  it('reconnects after the connection is killed, signals a resync, and keeps delivering', async () => {
    const rec = recorder();
    const own = await listenConfigChanges(fx.testDb.databaseUrl, rec.onChange, { minBackoffMs: 50 });
    try {
      const admin = new Client({ connectionString: fx.testDb.databaseUrl });
      await admin.connect();
      const { rowCount } = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE application_name = 'asc-config-listener' AND datname = current_database()`,
      );
      await admin.end();
      expect(rowCount).toBeGreaterThanOrEqual(1);

      await rec.next((e) => e.kind === 'resync');
      const tenant = await fx.store.createTenant({ actor: 'a', slug: 'after-reconnect', name: 'R' });
      await rec.next((e) => e.kind === 'change' && e.change.id === tenant.id);
    } finally {
      await own.close();
    }
  });

  it('treats an unreadable payload as a resync', async () => {
    const rec = recorder();
    const own = await listenConfigChanges(fx.testDb.databaseUrl, rec.onChange);
    try {
      const client = new Client({ connectionString: fx.testDb.databaseUrl });
      await client.connect();
      await client.query(`NOTIFY asc_config_changed, 'not json'`);
      await client.end();
      expect(await rec.next(() => true)).toEqual({ kind: 'resync' });
    } finally {
      await own.close();
    }
  });
});
