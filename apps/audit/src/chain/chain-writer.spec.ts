import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pool } from 'pg';
import { newEventId, type AuditRecordedV1 } from '@asc/contracts/events';
import { loadAuditConfig, type AuditConfig } from '@asc/config';
import { createTestDatabase, type TestDatabase } from '@asc/db/testing';
import { AuditReader } from './audit-reader';
import { ChainVerifierService } from './chain-verifier.service';
import { ChainWriter } from './chain-writer';
import { CheckpointSigner } from './checkpoint-signer';

function event(tenantId: string, n: number): AuditRecordedV1 {
  return {
    id: newEventId(), schemaVersion: 1, tenantId, time: new Date(Date.UTC(2025, 0, 1, 0, 0, n)).toISOString(),
    actor: { type: 'key', id: 'key-1' }, kind: 'request', resource: { type: 'model', id: 'gpt-4o' }, outcome: 'success',
    requestId: `req-${n}`, traceId: randomBytes(16).toString('hex'), contentCaptured: false, details: { n, note: 'nul \u0000 and "quotes"' },
  };
}

describe('ChainWriter (real Postgres)', () => {
  let db: TestDatabase;
  let pool: Pool;
  let config: AuditConfig;
  let writer: ChainWriter;
  let verifier: ChainVerifierService;

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new Pool({ connectionString: db.databaseUrl, max: 8 });
    pool.on('error', () => undefined); // DROP DATABASE … WITH (FORCE) may reach a connection still closing
    config = loadAuditConfig({
      DATABASE_URL: db.databaseUrl, ASC_KEY_HASH_SECRET: 'x'.repeat(32), ASC_ADMIN_TOKEN: 'a'.repeat(24),
      ASC_AUDIT_SIGNING_KEY: Buffer.alloc(32, 3).toString('base64'), ASC_AUDIT_CHECKPOINT_EVERY: '25', ASC_AUDIT_CHECKPOINT_INTERVAL_MS: '0',
    });
    const signer = new CheckpointSigner(config);
    writer = new ChainWriter(pool, signer, config);
    verifier = new ChainVerifierService(new AuditReader(pool), signer);
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  it('serialises concurrent appends to one tenant (overlapping redeliveries, as during a rebalance) into one intact chain', async () => {
    const events = Array.from({ length: 200 }, (_, n) => event('t-race', n));
    // Eight writers race, each with an overlapping slice, some of them twice.
    const slices = [0, 20, 40, 60, 80, 100, 120, 140].map((from) => events.slice(from, from + 60));
    const results = await Promise.all([...slices, ...slices.slice(0, 3)].map((slice) => writer.append(slice)));
    expect(results.reduce((sum, r) => sum + r.appended, 0)).toBe(200);
    const report = await verifier.verify('t-race');
    expect(report).toMatchObject({ intact: true, records: 200, headSeq: 200 });
    const { rows } = await pool.query<{ n: string }>(`SELECT count(DISTINCT event_id)::text AS n FROM audit_records WHERE tenant_id = 't-race'`);
    expect(Number(rows[0]!.n)).toBe(200);
  });

  it('keeps a batch atomic across tenants and drops a repeated event within one batch', async () => {
    const a = event('t-a', 1);
    const result = await writer.append([a, event('t-b', 1), a, event('t-a', 2)]);
    expect(result).toEqual({ appended: 3, duplicates: 1, checkpoints: 0 });
    expect((await verifier.verify('t-a')).records).toBe(2);
    expect((await verifier.verify('t-b')).records).toBe(1);
  });

  it('stores records byte for byte (NUL escapes and quotes survive the record column)', async () => {
    const e = event('t-bytes', 1);
    await writer.append([e]);
    const { rows } = await pool.query<{ record: string }>(`SELECT record FROM audit_records WHERE tenant_id = 't-bytes'`);
    expect(JSON.parse(rows[0]!.record)).toEqual(e);
    expect((await verifier.verify('t-bytes')).intact).toBe(true);
  });

  it('signs a checkpoint every N records, and on time for tenants that grew less than N', async () => {
    await writer.append(Array.from({ length: 30 }, (_, n) => event('t-cp', n)));
    await writer.append([event('t-cp', 31)]);
    const before = await pool.query<{ seq: string }>(`SELECT seq::text FROM audit_checkpoints WHERE tenant_id = 't-cp' ORDER BY audit_checkpoints.seq`);
    expect(before.rows.map((r) => Number(r.seq))).toEqual([30]);
    expect(await writer.signDueCheckpoints(0)).toBeGreaterThanOrEqual(1);
    const after = await pool.query<{ seq: string }>(`SELECT seq::text FROM audit_checkpoints WHERE tenant_id = 't-cp' ORDER BY audit_checkpoints.seq`);
    expect(after.rows.map((r) => Number(r.seq))).toEqual([30, 31]);
    expect(await verifier.verify('t-cp')).toMatchObject({ intact: true, checkpoints: { total: 2, verified: 2, lastVerifiedSeq: 31 } });
    expect(await writer.signDueCheckpoints(0)).toBe(0); // nothing new since
  });
});
