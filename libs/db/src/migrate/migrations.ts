import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One folder of `prisma/migrations`, as `prisma migrate deploy` sees it. */
export interface MigrationFile {
  /** Folder name, e.g. `20261126111706_init`; also the `_prisma_migrations.migration_name`. */
  readonly name: string;
  readonly sql: string;
  /** sha256 hex of the file bytes: the checksum Prisma stores and compares. */
  readonly checksum: string;
}

/**
 * `libs/db/prisma/migrations`. Both `src/` (tests) and `dist/` (built programs) sit one level below `libs/db`,
 * so the same relative path works from either.
 */
export const DEFAULT_MIGRATIONS_DIR = join(__dirname, '..', '..', 'prisma', 'migrations');

export function readMigrations(dir: string = DEFAULT_MIGRATIONS_DIR): MigrationFile[] {
  if (!existsSync(dir)) throw new Error(`Migrations directory not found: ${dir}`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const bytes = readFileSync(join(dir, name, 'migration.sql'));
      return { name, sql: bytes.toString('utf8'), checksum: createHash('sha256').update(bytes).digest('hex') };
    });
}

/** A short fingerprint of the whole migration history (names and checksums), e.g. for template database names. */
export function migrationsFingerprint(migrations: readonly MigrationFile[]): string {
  const hash = createHash('sha256');
  for (const migration of migrations) hash.update(`${migration.name}:${migration.checksum}\n`);
  return hash.digest('hex').slice(0, 16);
}
