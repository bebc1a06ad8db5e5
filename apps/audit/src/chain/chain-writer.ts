import { Inject, Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { GENESIS_HASH, appendToChain, type SignedCheckpoint } from '@asc/audit-chain';
import type { AuditRecordedV1 } from '@asc/contracts/events';
import { AUDIT_CONFIG, type AuditConfig } from '../audit-config';
import { PG_POOL } from '../database/pg-pool.provider';
import { CheckpointSigner } from './checkpoint-signer';
import { recordColumns } from './record-columns';

export interface AppendResult {
  appended: number;
  duplicates: number;
  checkpoints: number;
}

interface Head {
  seq: number;
  hash: string;
  checkpointSeq: number;
}

/**
 * Appends audit events to their tenants' chains, one transaction per batch:
 *  1. lock the chain head row of every tenant in the batch (`FOR UPDATE`, in tenant-id order so two writers never
 *     deadlock), creating missing heads first. This serialises appends per tenant even when a rebalance briefly gives
 *     one partition to two consumers, or several instances run;
 *  2. drop events already in the chain (idempotency by (tenant, event id): replays and redeliveries insert nothing);
 *  3. hash the new records onto the heads, insert them with one `unnest` statement, move the heads;
 *  4. sign a checkpoint for every tenant that grew by `ASC_AUDIT_CHECKPOINT_EVERY` records since its last one.
 * Either all of it commits or none of it, so the chain never has gaps and a retry of the batch is safe.
 */
@Injectable()
export class ChainWriter {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly signer: CheckpointSigner,
    @Inject(AUDIT_CONFIG) private readonly config: AuditConfig,
  ) {}

  async append(events: readonly AuditRecordedV1[]): Promise<AppendResult> {
    if (events.length === 0) return { appended: 0, duplicates: 0, checkpoints: 0 };
    const byTenant = groupByTenant(events);
    const tenants = [...byTenant.keys()].sort();
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const heads = await lockHeads(client, tenants);
      const existing = await existingIds(client, byTenant);
      const rows: RowArrays = emptyRows();
      const moved: Array<{ tenantId: string; seq: number; hash: string; checkpoint: SignedCheckpoint | null }> = [];
      let appended = 0;
      for (const tenantId of tenants) {
        const fresh = byTenant.get(tenantId)!.filter((e) => !existing.has(`${tenantId}\u0000${e.id}`));
        if (fresh.length === 0) continue;
        const head = heads.get(tenantId)!;
        const chain = appendToChain({ seq: head.seq, hash: head.hash }, fresh);
        for (const row of chain.rows) pushRow(rows, tenantId, row.seq, row.hash, row.canonical, row.record);
        appended += fresh.length;
        const due = chain.head.seq - head.checkpointSeq >= this.config.ASC_AUDIT_CHECKPOINT_EVERY;
        moved.push({ tenantId, ...chain.head, checkpoint: due ? this.signer.sign(tenantId, chain.head.seq, chain.head.hash) : null });
      }
      if (appended > 0) await writeAppend(client, rows, moved);
      await client.query('COMMIT');
      client.release();
      return { appended, duplicates: events.length - appended, checkpoints: moved.filter((m) => m.checkpoint).length };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release(error instanceof Error ? error : true);
      throw error;
    }
  }

  /**
   * Signs a checkpoint for every tenant with records newer than its last checkpoint that is older than `olderThanMs`.
   * Heads locked by an in-flight append are skipped (SKIP LOCKED) and picked up by the next round.
   */
  async signDueCheckpoints(olderThanMs: number, limit = 1000): Promise<number> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ tenant_id: string; seq: string; hash: string }>(
        `SELECT tenant_id, seq::text, hash FROM audit_chain_heads
          WHERE seq > checkpoint_seq AND (checkpoint_at IS NULL OR checkpoint_at <= now() - make_interval(secs => $1::double precision / 1000))
          ORDER BY tenant_id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [olderThanMs, limit],
      );
      const moved = rows.map((r) => ({ tenantId: r.tenant_id, seq: Number(r.seq), hash: r.hash, checkpoint: this.signer.sign(r.tenant_id, Number(r.seq), r.hash) }));
      if (moved.length > 0) {
        await moveHeads(client, moved);
        await insertCheckpoints(client, moved.map((m) => m.checkpoint));
      }
      await client.query('COMMIT');
      client.release();
      return moved.length;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release(error instanceof Error ? error : true);
      throw error;
    }
  }
}

/** Events by tenant in arrival order; a batch holding the same event twice (a producer re-send) keeps the first. */
function groupByTenant(events: readonly AuditRecordedV1[]): Map<string, AuditRecordedV1[]> {
  const byTenant = new Map<string, AuditRecordedV1[]>();
  const seen = new Set<string>();
  for (const event of events) {
    const key = `${event.tenantId}\u0000${event.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const list = byTenant.get(event.tenantId);
    if (list) list.push(event);
    else byTenant.set(event.tenantId, [event]);
  }
  return byTenant;
}

async function lockHeads(client: PoolClient, tenants: readonly string[]): Promise<Map<string, Head>> {
  await client.query(
    // checkpoint_at starts at creation (a virtual checkpoint of the empty chain), so a new tenant's first time-based
    // checkpoint comes one interval after its first record, not at the next scheduler tick.
    `INSERT INTO audit_chain_heads (tenant_id, hash, checkpoint_at) SELECT t, $2, now() FROM unnest($1::text[]) AS t ON CONFLICT (tenant_id) DO NOTHING`,
    [tenants, GENESIS_HASH],
  );
  const { rows } = await client.query<{ tenant_id: string; seq: string; hash: string; checkpoint_seq: string }>(
    `SELECT tenant_id, seq::text, hash, checkpoint_seq::text FROM audit_chain_heads WHERE tenant_id = ANY($1::text[]) ORDER BY tenant_id FOR UPDATE`,
    [tenants],
  );
  return new Map(rows.map((r) => [r.tenant_id, { seq: Number(r.seq), hash: r.hash, checkpointSeq: Number(r.checkpoint_seq) }]));
}

async function existingIds(client: PoolClient, byTenant: Map<string, AuditRecordedV1[]>): Promise<Set<string>> {
  const tenantIds: string[] = [];
  const eventIds: string[] = [];
  for (const [tenantId, events] of byTenant) {
    for (const e of events) {
      tenantIds.push(tenantId);
      eventIds.push(e.id);
    }
  }
  const { rows } = await client.query<{ tenant_id: string; event_id: string }>(
    `SELECT r.tenant_id, r.event_id FROM unnest($1::text[], $2::text[]) AS v(tenant_id, event_id)
       JOIN audit_records r ON r.tenant_id = v.tenant_id AND r.event_id = v.event_id`,
    [tenantIds, eventIds],
  );
  return new Set(rows.map((r) => `${r.tenant_id}\u0000${r.event_id}`));
}

interface RowArrays {
  tenantId: string[]; seq: number[]; eventId: string[]; time: string[]; kind: string[]; actorType: string[]; actorId: string[];
  keyId: Array<string | null>; model: Array<string | null>; outcome: string[]; fallback: boolean[]; requestId: Array<string | null>;
  record: string[]; hash: string[];
}

function emptyRows(): RowArrays {
  return { tenantId: [], seq: [], eventId: [], time: [], kind: [], actorType: [], actorId: [], keyId: [], model: [], outcome: [], fallback: [], requestId: [], record: [], hash: [] };
}

function pushRow(rows: RowArrays, tenantId: string, seq: number, hash: string, canonical: string, record: AuditRecordedV1): void {
  const c = recordColumns(record);
  rows.tenantId.push(tenantId); rows.seq.push(seq); rows.eventId.push(record.id); rows.time.push(c.time); rows.kind.push(c.kind);
  rows.actorType.push(c.actorType); rows.actorId.push(c.actorId); rows.keyId.push(c.keyId); rows.model.push(c.model);
  rows.outcome.push(c.outcome); rows.fallback.push(c.fallback); rows.requestId.push(c.requestId); rows.record.push(canonical); rows.hash.push(hash);
}

/**
 * Rows, heads and checkpoints in one statement (data-modifying CTEs): one round trip instead of three, which matters
 * when Postgres shares its cores with the consumer. The records travel as one newline-separated text, split by
 * Postgres: canonical JSON never holds a raw newline (JSON.stringify escapes control characters in strings), and
 * node-postgres would otherwise escape every quote of every record into a text[] literal in JavaScript.
 */
async function writeAppend(client: PoolClient, r: RowArrays, moved: ReadonlyArray<{ tenantId: string; seq: number; hash: string; checkpoint: SignedCheckpoint | null }>): Promise<void> {
  const cps = moved.flatMap((m) => (m.checkpoint ? [m.checkpoint] : []));
  await client.query(
    `WITH rows AS (
       INSERT INTO audit_records (tenant_id, seq, event_id, time, kind, actor_type, actor_id, key_id, model, outcome, fallback, request_id, record, hash)
       SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                            $10::text[], $11::bool[], $12::text[], string_to_array($13::text, E'\\n'), $14::text[])
     ), heads AS (
       UPDATE audit_chain_heads h
          SET seq = v.seq, hash = v.hash, updated_at = now(),
              checkpoint_seq = CASE WHEN v.signed THEN v.seq ELSE h.checkpoint_seq END,
              checkpoint_at = CASE WHEN v.signed THEN now() ELSE h.checkpoint_at END
         FROM unnest($15::text[], $16::bigint[], $17::text[], $18::bool[]) AS v(tenant_id, seq, hash, signed)
        WHERE h.tenant_id = v.tenant_id
     ), checkpoints AS (
       INSERT INTO audit_checkpoints (tenant_id, seq, head_hash, time, key_id, signature)
       SELECT * FROM unnest($19::text[], $20::bigint[], $21::text[], $22::text[], $23::text[], $24::text[])
     )
     SELECT 1`,
    [
      r.tenantId, r.seq, r.eventId, r.time, r.kind, r.actorType, r.actorId, r.keyId, r.model, r.outcome, r.fallback, r.requestId, r.record.join('\n'), r.hash,
      moved.map((m) => m.tenantId), moved.map((m) => m.seq), moved.map((m) => m.hash), moved.map((m) => m.checkpoint !== null),
      cps.map((c) => c.tenantId), cps.map((c) => c.seq), cps.map((c) => c.headHash), cps.map((c) => c.time), cps.map((c) => c.keyId), cps.map((c) => c.signature),
    ],
  );
}

async function moveHeads(client: PoolClient, moved: ReadonlyArray<{ tenantId: string; seq: number; hash: string; checkpoint: SignedCheckpoint | null }>): Promise<void> {
  await client.query(
    `UPDATE audit_chain_heads h
        SET seq = v.seq, hash = v.hash, updated_at = now(),
            checkpoint_seq = CASE WHEN v.signed THEN v.seq ELSE h.checkpoint_seq END,
            checkpoint_at = CASE WHEN v.signed THEN now() ELSE h.checkpoint_at END
       FROM unnest($1::text[], $2::bigint[], $3::text[], $4::bool[]) AS v(tenant_id, seq, hash, signed)
      WHERE h.tenant_id = v.tenant_id`,
    [moved.map((m) => m.tenantId), moved.map((m) => m.seq), moved.map((m) => m.hash), moved.map((m) => m.checkpoint !== null)],
  );
}

async function insertCheckpoints(client: PoolClient, checkpoints: readonly SignedCheckpoint[]): Promise<void> {
  if (checkpoints.length === 0) return;
  await client.query(
    `INSERT INTO audit_checkpoints (tenant_id, seq, head_hash, time, key_id, signature)
     SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[])`,
    [checkpoints.map((c) => c.tenantId), checkpoints.map((c) => c.seq), checkpoints.map((c) => c.headHash), checkpoints.map((c) => c.time), checkpoints.map((c) => c.keyId), checkpoints.map((c) => c.signature)],
  );
}
