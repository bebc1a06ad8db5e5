import { Pool, types } from 'pg';

// NUMERIC (1700) and BIGINT (20) stay strings: money is exact decimal text, counts may exceed 2^53.
types.setTypeParser(1700, (v) => v);
types.setTypeParser(20, (v) => v);

/** The metering service's Postgres pool (raw SQL: batched, set-based writes on the ingest path). */
export class PgPool extends Pool {}

export function createPgPool(url: string, max: number): PgPool {
  return new PgPool({ connectionString: url, max });
}
