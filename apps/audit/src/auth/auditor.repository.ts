import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/pg-pool.provider';

/**
 * Auditor tokens: `asc-aud-` + 256 random bits (base64url). Only SHA-256 of the token is stored: with that much
 * entropy a pepper adds nothing, and a database dump cannot be turned back into a token.
 */
export const AUDITOR_TOKEN_MARKER = 'asc-aud-';

export interface Auditor {
  id: string;
  name: string;
  tenantIds: string[];
  createdBy: string;
  createdAt: string;
  revokedAt: string | null;
}

interface AuditorRow {
  id: string;
  name: string;
  tenant_ids: string[];
  created_by: string;
  created_at: Date;
  revoked_at: Date | null;
}

const toAuditor = (r: AuditorRow): Auditor => ({
  id: r.id,
  name: r.name,
  tenantIds: r.tenant_ids,
  createdBy: r.created_by,
  createdAt: r.created_at.toISOString(),
  revokedAt: r.revoked_at?.toISOString() ?? null,
});

export function hashAuditorToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

@Injectable()
export class AuditorRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async create(input: { name: string; tenantIds: string[]; createdBy: string }): Promise<{ auditor: Auditor; token: string }> {
    const token = AUDITOR_TOKEN_MARKER + randomBytes(32).toString('base64url');
    const { rows } = await this.pool.query<AuditorRow>(
      `INSERT INTO audit_auditors (id, name, token_hash, tenant_ids, created_by) VALUES (gen_random_uuid()::text, $1, $2, $3, $4)
       RETURNING id, name, tenant_ids, created_by, created_at, revoked_at`,
      [input.name, hashAuditorToken(token), input.tenantIds, input.createdBy],
    );
    return { auditor: toAuditor(rows[0]!), token };
  }

  async list(): Promise<Auditor[]> {
    const { rows } = await this.pool.query<AuditorRow>('SELECT id, name, tenant_ids, created_by, created_at, revoked_at FROM audit_auditors ORDER BY created_at');
    return rows.map(toAuditor);
  }

  async revoke(id: string): Promise<Auditor | undefined> {
    const { rows } = await this.pool.query<AuditorRow>(
      `UPDATE audit_auditors SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING id, name, tenant_ids, created_by, created_at, revoked_at`,
      [id],
    );
    return rows[0] ? toAuditor(rows[0]) : undefined;
  }

  /** The active auditor holding `token`, if any. */
  async findByToken(token: string): Promise<{ id: string; tenantIds: string[] } | undefined> {
    const { rows } = await this.pool.query<{ id: string; tenant_ids: string[] }>(
      'SELECT id, tenant_ids FROM audit_auditors WHERE token_hash = $1 AND revoked_at IS NULL',
      [hashAuditorToken(token)],
    );
    return rows[0] ? { id: rows[0].id, tenantIds: rows[0].tenant_ids } : undefined;
  }
}
