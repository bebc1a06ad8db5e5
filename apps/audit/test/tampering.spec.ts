import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainHash } from '@asc/audit-chain';
import type { AuditRecordedV1 } from '@asc/contracts/events';
import { ADMIN_TOKEN, api, publish, requestEvent, rowCount, startApp, startEnv, waitFor, withSql, type Env, type RunningApp } from './support';

const run = promisify(execFile);
/** The built CLI (`npm test` builds everything first). */
const CLI = resolve(__dirname, '../../cli/dist/main.js');

interface Report {
  intact: boolean;
  firstBreak: { kind: string; seq: number; id: string | null; reason: string } | null;
}

const TENANTS = ['t-alter', 't-column', 't-delete', 't-insert', 't-append', 't-rewrite', 't-truncate', 't-clean'] as const;

describe('tampering with the audit table is detected and the first bad record named (API and CLI)', () => {
  let env: Env;
  let audit: RunningApp;
  const ids = new Map<string, string[]>(); // tenant -> event ids by seq - 1

  beforeAll(async () => {
    env = await startEnv();
    audit = await startApp(env.config);
    // 30 records per tenant in three rounds of 10, so every tenant has signed checkpoints at 10, 20 and 30.
    for (let round = 1; round <= 3; round++) {
      const batch: AuditRecordedV1[] = [];
      for (const tenant of TENANTS) for (let i = 0; i < 10; i++) batch.push(requestEvent(tenant, 'key-1', 'gpt-4o'));
      await publish(env.kafka, batch);
      for (const e of batch) ids.set(e.tenantId, [...(ids.get(e.tenantId) ?? []), e.id]);
      await waitFor(async () => (await rowCount(env.testDb.databaseUrl)) === round * 10 * TENANTS.length, `round ${round}`);
    }
  });
  afterAll(async () => {
    await audit?.close();
    await env?.close();
  });

  /** Runs SQL as the superuser with triggers bypassed (the app role cannot do this). */
  const tamper = (fn: (sql: { query: (text: string, values?: unknown[]) => Promise<unknown> }) => Promise<void>) =>
    withSql(env.testDb.databaseUrl, async (sql) => {
      await sql.query('SET session_replication_role = replica');
      await fn(sql);
    });
  const verify = async (tenant: string) => (await api<Report>(audit.url, `/audit/v1/tenants/${tenant}/verify`, ADMIN_TOKEN)).body;
  const cliVerify = async (tenant: string): Promise<{ code: number; stdout: string; stderr: string }> => {
    try {
      const { stdout, stderr } = await run(process.execPath, [CLI, 'audit', 'verify', '--tenant', tenant], {
        env: { PATH: process.env['PATH'] ?? '', ASC_AUDIT_URL: audit.url, ASC_ADMIN_TOKEN: ADMIN_TOKEN },
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };
  const idAt = (tenant: string, seq: number) => ids.get(tenant)![seq - 1]!;

  it('an untouched chain verifies, through the API and the CLI (exit 0)', async () => {
    expect(await verify('t-clean')).toMatchObject({ intact: true, records: 30, checkpoints: { total: 3, verified: 3 } });
    const cli = await cliVerify('t-clean');
    expect(cli.code).toBe(0);
    expect(cli.stdout).toMatch(/t-clean: INTACT; 30 record\(s\) verified, 3\/3 signed checkpoint/);
  });

  it('an altered record', async () => {
    await tamper((sql) => sql.query(`UPDATE audit_records SET record = replace(record, '"outputTokens":5', '"outputTokens":500') WHERE tenant_id = 't-alter' AND seq = 12`));
    expect((await verify('t-alter')).firstBreak).toMatchObject({ kind: 'altered', seq: 12, id: idAt('t-alter', 12) });
    const cli = await cliVerify('t-alter');
    expect(cli.code).toBe(1);
    expect(cli.stdout).toMatch(/BROKEN/);
    expect(cli.stderr).toContain(`first bad record: seq 12, id ${idAt('t-alter', 12)}, altered`);
  });

  it('an indexed column edited to hide a record from a filter', async () => {
    await tamper((sql) => sql.query(`UPDATE audit_records SET key_id = 'key-other' WHERE tenant_id = 't-column' AND seq = 5`));
    expect((await verify('t-column')).firstBreak).toMatchObject({ kind: 'altered', seq: 5, id: idAt('t-column', 5), reason: 'keyId column differs from the record' });
  });

  it('a deleted record', async () => {
    await tamper((sql) => sql.query(`DELETE FROM audit_records WHERE tenant_id = 't-delete' AND seq = 7`));
    expect((await verify('t-delete')).firstBreak).toMatchObject({ kind: 'deleted', seq: 7, id: null });
    const cli = await cliVerify('t-delete');
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('first bad record: seq 7, id (missing), deleted');
  });

  it('an inserted record (later records renumbered to make room)', async () => {
    await tamper(async (sql) => {
      await sql.query(`UPDATE audit_records SET seq = -(seq + 1) WHERE tenant_id = 't-insert' AND seq >= 15`);
      await sql.query(`UPDATE audit_records SET seq = -seq WHERE tenant_id = 't-insert' AND seq < 0`);
      const forged = { ...requestEvent('t-insert', 'key-1', 'gpt-4o'), id: '01936b2e-0000-7000-8000-000000000001' };
      await sql.query(
        `INSERT INTO audit_records (tenant_id, seq, event_id, time, kind, actor_type, actor_id, key_id, model, outcome, request_id, record, hash)
         VALUES ('t-insert', 15, $1, $2, 'request', 'key', 'key-1', 'key-1', 'gpt-4o', 'success', $3, $4, $5)`,
        [forged.id, forged.time, forged.requestId, JSON.stringify(forged), 'a'.repeat(64)],
      );
    });
    expect((await verify('t-insert')).firstBreak).toMatchObject({ kind: 'inserted', seq: 15, id: '01936b2e-0000-7000-8000-000000000001' });
    const cli = await cliVerify('t-insert');
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('first bad record: seq 15, id 01936b2e-0000-7000-8000-000000000001, inserted');
  });

  it('a record appended behind the writer (correctly hashed, beyond the chain head)', async () => {
    await tamper(async (sql) => {
      const last = (await sql.query(`SELECT hash FROM audit_records WHERE tenant_id = 't-append' AND seq = 30`)) as { rows: Array<{ hash: string }> };
      const forged = { ...requestEvent('t-append', 'key-1', 'gpt-4o'), id: '01936b2e-0000-7000-8000-000000000002' };
      const record = JSON.stringify(forged);
      await sql.query(
        `INSERT INTO audit_records (tenant_id, seq, event_id, time, kind, actor_type, actor_id, key_id, model, outcome, request_id, record, hash)
         VALUES ('t-append', 31, $1, $2, 'request', 'key', 'key-1', 'key-1', 'gpt-4o', 'success', $3, $4, $5)`,
        [forged.id, forged.time, forged.requestId, record, chainHash(last.rows[0]!.hash, 31, record)],
      );
    });
    expect((await verify('t-append')).firstBreak).toMatchObject({ kind: 'inserted', seq: 31, id: '01936b2e-0000-7000-8000-000000000002' });
  });

  it('a chain recomputed after an edit (every hash and the head fixed up) fails its signed checkpoints', async () => {
    await tamper(async (sql) => {
      await sql.query(`UPDATE audit_records SET record = replace(record, '"outputTokens":5', '"outputTokens":0') WHERE tenant_id = 't-rewrite' AND seq = 15`);
      const { rows } = (await sql.query(`SELECT seq::int AS seq, hash, record FROM audit_records WHERE tenant_id = 't-rewrite' ORDER BY audit_records.seq`)) as {
        rows: Array<{ seq: number; hash: string; record: string }>;
      };
      let prev = rows[13]!.hash;
      for (const row of rows.slice(14)) {
        prev = chainHash(prev, row.seq, row.record);
        await sql.query(`UPDATE audit_records SET hash = $1 WHERE tenant_id = 't-rewrite' AND seq = $2`, [prev, row.seq]);
      }
      await sql.query(`UPDATE audit_chain_heads SET hash = $1 WHERE tenant_id = 't-rewrite'`, [prev]);
    });
    const report = await verify('t-rewrite');
    expect(report.firstBreak).toMatchObject({ kind: 'rewritten', seq: 11, id: idAt('t-rewrite', 11) });
    expect(report.firstBreak?.reason).toMatch(/checkpoint at seq 20/);
  });

  it('records removed from the end (head moved back too) contradict the last signed checkpoint', async () => {
    await tamper(async (sql) => {
      const { rows } = (await sql.query(`SELECT hash FROM audit_records WHERE tenant_id = 't-truncate' AND seq = 28`)) as { rows: Array<{ hash: string }> };
      await sql.query(`DELETE FROM audit_records WHERE tenant_id = 't-truncate' AND seq > 28`);
      await sql.query(`UPDATE audit_chain_heads SET seq = 28, hash = $1 WHERE tenant_id = 't-truncate'`, [rows[0]!.hash]);
    });
    expect((await verify('t-truncate')).firstBreak).toMatchObject({ kind: 'deleted', seq: 29, id: null });
  });

  it('tampering with one tenant leaves the others intact', async () => {
    expect((await verify('t-clean')).intact).toBe(true);
  });
});
