import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DEFAULT_MIGRATIONS_DIR, readMigrations } from './migrations';

/**
 * Applies `prisma/migrations` the way `prisma migrate deploy` does, without Prisma's native schema engine:
 * the same `_prisma_migrations` table and rows (sha256 checksum, started/finished timestamps,
 * applied_steps_count), under the same advisory lock (72707369), so concurrent starters serialise and a real
 * `prisma migrate deploy` later accepts the database as up to date.
 *
 * Each migration file runs as one simple-protocol query, which Postgres executes in a single implicit
 * transaction, as the schema engine does.
 */
const PRISMA_ADVISORY_LOCK = 72707369;

// Verbatim DDL of the schema engine's migrations table (sql-schema-connector, postgres flavour).
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
);`;

export interface MigrateOptions {
  migrationsDir?: string;
}

export interface MigrateResult {
  /** Migrations applied by this call, in order. */
  readonly applied: string[];
  /** Applied migrations whose file changed since (Prisma only warns about these too). */
  readonly modifiedSinceApplied: string[];
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

export async function migrateDatabase(databaseUrl: string, options: MigrateOptions = {}): Promise<MigrateResult> {
  const migrations = readMigrations(options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR);
  const client = new Client({ connectionString: databaseUrl, application_name: 'asc-migrate' });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_ADVISORY_LOCK]);
    try {
      await client.query(CREATE_MIGRATIONS_TABLE);
      const { rows } = await client.query<AppliedRow>(
        'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at',
      );
      const failed = rows.find((row) => row.finished_at === null && row.rolled_back_at === null);
      if (failed) {
        throw new Error(
          `Migration '${failed.migration_name}' failed earlier and was not rolled back; fix the database, then ` +
            `mark it rolled back (prisma migrate resolve --rolled-back) before migrating again.`,
        );
      }
      const done = new Map(rows.filter((row) => row.finished_at !== null).map((row) => [row.migration_name, row.checksum]));
      const applied: string[] = [];
      const modifiedSinceApplied: string[] = [];
      for (const migration of migrations) {
        const checksum = done.get(migration.name);
        if (checksum !== undefined) {
          if (checksum !== migration.checksum) modifiedSinceApplied.push(migration.name);
          continue;
        }
        await applyOne(client, migration.name, migration.sql, migration.checksum);
        applied.push(migration.name);
      }
      return { applied, modifiedSinceApplied };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_ADVISORY_LOCK]);
    }
  } finally {
    await client.end();
  }
}

async function applyOne(client: Client, name: string, sql: string, checksum: string): Promise<void> {
  const id = randomUUID();
  await client.query(
    'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)',
    [id, checksum, name],
  );
  try {
    await client.query(sql);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await client.query('UPDATE "_prisma_migrations" SET logs = $2 WHERE id = $1', [id, message]);
    throw new Error(`Migration '${name}' failed: ${message}`, { cause: error });
  }
  await client.query(
    'UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = applied_steps_count + 1 WHERE id = $1',
    [id],
  );
}
