import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecordedV1 } from '@asc/contracts/events';
import { ADMIN_TOKEN, api, nextTime, otherEvent, publish, requestEvent, rowCount, startApp, startEnv, waitFor, withSql, type Env, type RunningApp } from './support';

interface Item { seq: number; hash: string; record: AuditRecordedV1 }
interface Page { tenantId: string; items: Item[]; nextCursor: string | null }

describe('audit ingestion -> hash chain -> timeline (dev broker, real Postgres)', () => {
  let env: Env;
  let audit: RunningApp;
  const A = 'tenant-alpha';
  const B = 'tenant-beta';
  const events: AuditRecordedV1[] = [];

  beforeAll(async () => {
    env = await startEnv();
    audit = await startApp(env.config);
    // 25 events for A (requests on two keys and models, a fallback, admin change, budget crossing, policy denial), 12 for B.
    for (let i = 0; i < 20; i++) events.push(requestEvent(A, i % 2 === 0 ? 'key-1' : 'key-2', i % 4 < 2 ? 'gpt-4o' : 'claude-sonnet', { fallback: i === 7 }));
    events.push(otherEvent(A, 'admin.change'), otherEvent(A, 'budget.crossed'), otherEvent(A, 'policy.decision', 'denied'), otherEvent(A, 'policy.decision', 'success'));
    events.push(requestEvent(A, 'key-1', 'gpt-4o', { failed: true }));
    for (let i = 0; i < 12; i++) events.push(requestEvent(B, 'key-b', 'gpt-4o'));
    await publish(env.kafka, events);
    await waitFor(async () => (await rowCount(env.testDb.databaseUrl)) === events.length, 'all events in the chain');
  });
  afterAll(async () => {
    await audit?.close();
    await env?.close();
  });

  const timeline = (tenant: string, query = '') => api<Page>(audit.url, `/audit/v1/tenants/${tenant}/timeline${query}`, ADMIN_TOKEN);

  it('stores each tenant as a gap-free chain and shows every event in time order', async () => {
    const { status, body } = await timeline(A, '?limit=1000');
    expect(status).toBe(200);
    const mine = events.filter((e) => e.tenantId === A);
    expect(body.items.map((i) => i.record.id)).toEqual(mine.map((e) => e.id));
    expect(body.items.map((i) => i.seq).sort((x, y) => x - y)).toEqual(mine.map((_, n) => n + 1));
    expect(body.items[0]!.record).toEqual(mine[0]); // the record comes back exactly as published
    expect(body.nextCursor).toBeNull();
    const verify = await api<{ intact: boolean; records: number; checkpoints: { verified: number } }>(audit.url, `/audit/v1/tenants/${A}/verify`, ADMIN_TOKEN);
    expect(verify.body, JSON.stringify(verify.body)).toMatchObject({ intact: true, records: 25 });
  });

  it('filters by kind (including the fallback and policy.denied views), key, model and time range', async () => {
    const kinds = async (q: string) => (await timeline(A, q)).body.items.map((i) => i.record.kind);
    expect(await kinds('?kind=admin.change,budget.crossed')).toEqual(['admin.change', 'budget.crossed']);
    const denied = (await timeline(A, '?kind=policy.denied')).body.items;
    expect(denied.map((i) => [i.record.kind, i.record.outcome])).toEqual([['policy.decision', 'denied']]);
    const fallbacks = (await timeline(A, '?kind=fallback')).body.items;
    expect(fallbacks.map((i) => i.record.id)).toEqual([events[7]!.id]);
    const key2 = (await timeline(A, '?key=key-2&limit=1000')).body.items;
    expect(key2).toHaveLength(10);
    expect(key2.every((i) => i.record.actor.id === 'key-2')).toBe(true);
    const claude = (await timeline(A, '?model=claude-sonnet&key=key-1')).body.items;
    expect(claude.map((i) => i.record.id)).toEqual(events.filter((e, n) => n < 20 && n % 4 >= 2 && n % 2 === 0).map((e) => e.id));
    const from = events[3]!.time;
    const to = events[6]!.time;
    const ranged = (await timeline(A, `?from=${from}&to=${to}`)).body.items;
    expect(ranged.map((i) => i.record.id)).toEqual([events[3]!.id, events[4]!.id, events[5]!.id]);
    expect((await timeline(A, '?kind=NOT_A_KIND')).status).toBe(400);
    expect((await timeline(A, '?from=yesterday')).status).toBe(400);
  });

  it('paginates with cursors without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const { body }: { body: Page } = await timeline(A, `?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...body.items.map((i) => i.record.id));
      cursor = body.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(4);
    expect(seen).toEqual(events.filter((e) => e.tenantId === A).map((e) => e.id));
  });

  it('exports the filtered trail as streamed JSON Lines', async () => {
    const response = await fetch(`${audit.url}/audit/v1/tenants/${A}/export?kind=request`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    expect(response.headers.get('transfer-encoding')).toBe('chunked');
    const lines = (await response.text()).trimEnd().split('\n').map((l) => JSON.parse(l) as Item);
    expect(lines).toHaveLength(21);
    expect(lines.every((l) => l.record.kind === 'request' && /^[0-9a-f]{64}$/.test(l.hash))).toBe(true);
  });

  it('ingests a replay of the same events, and a second consumer group reading from the start, without duplicates', async () => {
    const before = await rowCount(env.testDb.databaseUrl);
    await publish(env.kafka, events); // producer re-send of everything
    const extra = requestEvent(A, 'key-1', 'gpt-4o', { time: nextTime() });
    await publish(env.kafka, [extra]); // arrives after the replay on A's partition
    await waitFor(async () => (await rowCount(env.testDb.databaseUrl)) === before + 1, 'the new event');
    // A second service instance with a fresh group re-reads the whole topic (a replay from offset 0).
    const replay = await startApp({ ...env.config, ASC_AUDIT_CONSUMER_GROUP: 'audit-replay' });
    try {
      const health = async () => (await api<{ ingest: { duplicates: number } }>(replay.url, '/health', undefined)).body.ingest.duplicates;
      await waitFor(async () => (await health()) >= events.length * 2 + 1, 'replayed events seen as duplicates');
    } finally {
      await replay.close();
    }
    expect(await rowCount(env.testDb.databaseUrl)).toBe(before + 1);
    const verify = await api<{ intact: boolean; records: number }>(audit.url, `/audit/v1/tenants/${A}/verify`, ADMIN_TOKEN);
    expect(verify.body).toMatchObject({ intact: true, records: 26 });
    const dupes = await withSql(env.testDb.databaseUrl, (sql) => sql.query('SELECT event_id FROM audit_records GROUP BY tenant_id, event_id HAVING count(*) > 1'));
    expect(dupes.rowCount).toBe(0);
  });

  it('signs checkpoints every N records and publishes the key that verifies them', async () => {
    const { body } = await api<{ checkpoints: Array<{ seq: number; keyId: string }> }>(audit.url, `/audit/v1/tenants/${A}/checkpoints`, ADMIN_TOKEN);
    // One checkpoint per append batch that took the chain 10+ records past the previous one.
    const seqs = body.checkpoints.map((c) => c.seq);
    expect(seqs.length).toBeGreaterThan(0);
    expect(seqs[0]).toBeGreaterThanOrEqual(10);
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]! - seqs[i - 1]!).toBeGreaterThanOrEqual(10);
    const verify = await api<{ checkpoints: { verified: number } }>(audit.url, `/audit/v1/tenants/${A}/verify`, ADMIN_TOKEN);
    expect(verify.body.checkpoints.verified).toBe(seqs.length);
    const key = await api<{ algorithm: string; keyId: string; publicKeyPem: string }>(audit.url, '/audit/v1/public-key', undefined);
    expect(key.status).toBe(200);
    expect(key.body.algorithm).toBe('Ed25519');
    expect(body.checkpoints.every((c) => c.keyId === key.body.keyId)).toBe(true);
    expect(key.body.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  });

  it('the table refuses UPDATE, DELETE and TRUNCATE', async () => {
    await withSql(env.testDb.databaseUrl, async (sql) => {
      await expect(sql.query(`UPDATE audit_records SET kind = 'x' WHERE tenant_id = $1`, [B])).rejects.toThrow(/append-only: UPDATE refused/);
      await expect(sql.query(`DELETE FROM audit_records WHERE tenant_id = $1`, [B])).rejects.toThrow(/append-only: DELETE refused/);
      await expect(sql.query('TRUNCATE audit_records')).rejects.toThrow(/append-only: TRUNCATE refused/);
      await expect(sql.query('DELETE FROM audit_checkpoints')).rejects.toThrow(/append-only/);
    });
    expect(await rowCount(env.testDb.databaseUrl, B)).toBe(12);
  });
});
