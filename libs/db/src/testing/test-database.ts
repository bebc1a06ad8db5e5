import { Client } from 'pg';
import { migrateDatabase } from '../migrate/migrator';
import { DEFAULT_MIGRATIONS_DIR, migrationsFingerprint, readMigrations } from '../migrate/migrations';

/**
 * A fresh, migrated database per test file. The migrations run once per migration history into a template
 * database named after its fingerprint (`asc_tpl_<hash>`); each test database is a `CREATE DATABASE … TEMPLATE`
 * copy of it, which takes milliseconds instead of replaying migrations.
 *
 * Server from `TEST_DATABASE_URL` (default `postgresql://postgres@127.0.0.1:5432/postgres`); the role needs CREATEDB.
 */
export interface TestDatabase {
  readonly databaseUrl: string;
  readonly name: string;
  drop(): Promise<void>;
}

const TEMPLATE_LOCK = 72707370;

export async function createTestDatabase(options: { baseUrl?: string } = {}): Promise<TestDatabase> {
  const baseUrl = options.baseUrl ?? process.env['TEST_DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const template = `asc_tpl_${migrationsFingerprint(readMigrations(DEFAULT_MIGRATIONS_DIR))}`;
  const name = `asc_test_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await ensureTemplate(admin, baseUrl, template);
    await createFromTemplate(admin, name, template);
  } finally {
    await admin.end();
  }
  const databaseUrl = withDatabase(baseUrl, name);
  return {
    databaseUrl,
    name,
    async drop() {
      const client = new Client({ connectionString: baseUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

async function ensureTemplate(admin: Client, baseUrl: string, template: string): Promise<void> {
  if (await databaseExists(admin, template)) return;
  // Parallel test files race to build the template; one builds it under a lock, the others wait and reuse it.
  await admin.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
  try {
    if (await databaseExists(admin, template)) return;
    const building = `${template}_building`;
    await admin.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${building}"`);
    await migrateDatabase(withDatabase(baseUrl, building));
    // Renamed only when complete, so a crashed build never leaves a half-migrated template behind.
    await admin.query(`ALTER DATABASE "${building}" RENAME TO "${template}"`);
  } finally {
    await admin.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
  }
}

async function createFromTemplate(admin: Client, name: string, template: string): Promise<void> {
  // CREATE DATABASE … TEMPLATE fails while another session is connected to the template (e.g. a concurrent
  // copy), so retry briefly.
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
      return;
    } catch (error) {
      const busy = error instanceof Error && /is being accessed by other users/.test(error.message);
      if (!busy || attempt >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function databaseExists(admin: Client, name: string): Promise<boolean> {
  const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  return (rowCount ?? 0) > 0;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
