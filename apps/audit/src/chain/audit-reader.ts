import { Inject, Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import type { ChainRow, SignedCheckpoint } from '@asc/audit-chain';
import { PG_POOL } from '../database/pg-pool.provider';
import type { StoredColumns } from './record-columns';

/** Timeline filters; `kinds` may hold the virtual kinds `fallback` and `policy.denied`. */
export interface TimelineFilter {
  tenantId: string;
  from?: Date;
  to?: Date;
  kinds?: readonly string[];
  keyId?: string;
  model?: string;
}

/** Position in the (time, seq) order of one tenant; time in microseconds since the epoch, exactly. */
export interface TimelinePosition {
  timeUs: string;
  seq: number;
}

export interface TimelineRow {
  seq: number;
  hash: string;
  /** Canonical JSON of the record as stored. */
  record: string;
  position: TimelinePosition;
}

export interface VerifiableRow extends ChainRow {
  columns: StoredColumns;
}

/**
 * Reads of the audit tables. Every query is constrained to one tenant id, which callers take from the authorised
 * path, never from a cursor; so neither a cursor nor a filter can reach another tenant's rows.
 */
@Injectable()
export class AuditReader {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** Runs `fn` in one REPEATABLE READ snapshot, so the head, checkpoints and rows it reads are mutually consistent. */
  async inSnapshot<T>(fn: (db: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const result = await fn(client);
      await client.query('COMMIT');
      client.release();
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release(error instanceof Error ? error : true);
      throw error;
    }
  }

  /** One page in (time, seq) order, after `after` when given. */
  async timelinePage(filter: TimelineFilter, after: TimelinePosition | undefined, limit: number): Promise<TimelineRow[]> {
    const params: unknown[] = [filter.tenantId];
    const where = ['tenant_id = $1'];
    const param = (value: unknown): string => `$${params.push(value)}`;
    if (filter.from) where.push(`time >= ${param(filter.from.toISOString())}::timestamptz`);
    if (filter.to) where.push(`time < ${param(filter.to.toISOString())}::timestamptz`);
    if (filter.keyId !== undefined) where.push(`key_id = ${param(filter.keyId)}`);
    if (filter.model !== undefined) where.push(`model = ${param(filter.model)}`);
    if (filter.kinds && filter.kinds.length > 0) {
      const alternatives: string[] = [];
      const plain = filter.kinds.filter((k) => k !== 'fallback' && k !== 'policy.denied');
      if (plain.length > 0) alternatives.push(`kind = ANY(${param(plain)}::text[])`);
      if (filter.kinds.includes('fallback')) alternatives.push(`(kind = 'request' AND fallback)`);
      if (filter.kinds.includes('policy.denied')) alternatives.push(`(kind = 'policy.decision' AND outcome = 'denied')`);
      where.push(`(${alternatives.join(' OR ')})`);
    }
    if (after) {
      where.push(`(time, seq) > (timestamptz 'epoch' + ${param(after.timeUs)}::bigint * interval '1 microsecond', ${param(after.seq)}::bigint)`);
    }
    const { rows } = await this.pool.query<{ seq: string; hash: string; record: string; time_us: string }>(
      `SELECT seq::text, hash, record, ((extract(epoch FROM time) * 1000000)::bigint)::text AS time_us
         FROM audit_records WHERE ${where.join(' AND ')} ORDER BY audit_records.time, audit_records.seq LIMIT ${param(limit)}`,
      params,
    );
    return rows.map((r) => ({ seq: Number(r.seq), hash: r.hash, record: r.record, position: { timeUs: r.time_us, seq: Number(r.seq) } }));
  }

  /** Every row of a tenant's chain in sequence order, fetched in pages (constant memory). */
  async *chainRows(tenantId: string, db: Pool | PoolClient = this.pool, pageSize = 5000): AsyncGenerator<VerifiableRow> {
    let after = 0;
    for (;;) {
      const { rows } = await db.query<{
        seq: string; event_id: string; hash: string; record: string; time_ms: string; kind: string; actor_type: string; actor_id: string;
        key_id: string | null; model: string | null; outcome: string; fallback: boolean; request_id: string | null;
      }>(
        `SELECT seq::text, event_id, hash, record, floor(extract(epoch FROM time) * 1000)::bigint::text AS time_ms,
                kind, actor_type, actor_id, key_id, model, outcome, fallback, request_id
           FROM audit_records WHERE tenant_id = $1 AND seq > $2 ORDER BY audit_records.seq LIMIT $3`,
        [tenantId, after, pageSize],
      );
      for (const r of rows) {
        yield {
          seq: Number(r.seq),
          id: r.event_id,
          hash: r.hash,
          record: r.record,
          columns: {
            timeMs: Number(r.time_ms), kind: r.kind, actorType: r.actor_type, actorId: r.actor_id, keyId: r.key_id,
            model: r.model, outcome: r.outcome, fallback: r.fallback, requestId: r.request_id,
          },
        };
      }
      if (rows.length < pageSize) return;
      after = Number(rows[rows.length - 1]!.seq);
    }
  }

  async checkpoints(tenantId: string, db: Pool | PoolClient = this.pool): Promise<SignedCheckpoint[]> {
    const { rows } = await db.query<{ seq: string; head_hash: string; time: string; key_id: string; signature: string }>(
      'SELECT seq::text, head_hash, time, key_id, signature FROM audit_checkpoints WHERE tenant_id = $1 ORDER BY audit_checkpoints.seq',
      [tenantId],
    );
    return rows.map((r) => ({ tenantId, seq: Number(r.seq), headHash: r.head_hash, time: r.time, keyId: r.key_id, signature: r.signature }));
  }

  async head(tenantId: string, db: Pool | PoolClient = this.pool): Promise<{ seq: number; hash: string; checkpointSeq: number } | null> {
    const { rows } = await db.query<{ seq: string; hash: string; checkpoint_seq: string }>(
      'SELECT seq::text, hash, checkpoint_seq::text FROM audit_chain_heads WHERE tenant_id = $1',
      [tenantId],
    );
    const row = rows[0];
    return row ? { seq: Number(row.seq), hash: row.hash, checkpointSeq: Number(row.checkpoint_seq) } : null;
  }
}
