import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimEvents, processedEventsTableSql, withTransaction } from './processed-events';

const DATABASE_URL = process.env['TEST_DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/test';
const schema = `kafka_pe_${randomBytes(4).toString('hex')}`;
const table = `${schema}.processed_events`;

describe('processed events (real Postgres)', () => {
  const pool = new Pool({ connectionString: DATABASE_URL, max: 4 });
  beforeAll(async () => {
    await pool.query(`CREATE SCHEMA ${schema}`);
    await pool.query(processedEventsTableSql(table));
    await pool.query(`CREATE TABLE ${schema}.effects (event_id text PRIMARY KEY, amount int NOT NULL)`);
  });
  afterAll(async () => {
    await pool.query(`DROP SCHEMA ${schema} CASCADE`);
    await pool.end();
  });

  const apply = (ids: string[], failAfterClaim = false) =>
    withTransaction(pool, async (tx) => {
      const fresh = await claimEvents(tx, { table, consumerGroup: 'metering', eventIds: ids });
      const applied = new Set<string>();
      // delete(): a batch may hold the same event twice (a producer re-send); apply it once.
      for (const id of ids) {
        if (fresh.delete(id)) {
          await tx.query(`INSERT INTO ${schema}.effects VALUES ($1, 1)`, [id]);
          applied.add(id);
        }
      }
      if (failAfterClaim) throw new Error('handler crashed');
      return applied;
    });

  it('applies each event once across redeliveries, per consumer group', async () => {
    expect([...(await apply(['a', 'b']))].sort()).toEqual(['a', 'b']);
    expect([...(await apply(['b', 'c', 'c']))]).toEqual(['c']);
    const other = await claimEvents(pool, { table, consumerGroup: 'audit', eventIds: ['a'] });
    expect([...other]).toEqual(['a']);
    const { rows } = await pool.query(`SELECT event_id FROM ${schema}.effects ORDER BY 1`);
    expect(rows.map((r: { event_id: string }) => r.event_id)).toEqual(['a', 'b', 'c']);
  });

  it('rolls the claim back with a failed effect, so the redelivery does the work', async () => {
    await expect(apply(['d'], true)).rejects.toThrow('handler crashed');
    expect([...(await apply(['d']))]).toEqual(['d']);
  });

  it('rejects table names that are not plain identifiers', () => {
    expect(() => processedEventsTableSql('x; DROP TABLE y')).toThrow(/Invalid table/);
  });
});
