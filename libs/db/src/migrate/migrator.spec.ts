import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MIGRATIONS_DIR, migrateDatabase, readMigrations } from '../index';

const baseUrl = process.env['TEST_DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const created: string[] = [];

async function withAdmin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: baseUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** An empty database (not the migrated template), so the migrator starts from nothing. */
async function emptyDatabase(): Promise<string> {
  const name = `asc_migrate_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await withAdmin((client) => client.query(`CREATE DATABASE "${name}"`));
  created.push(name);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function query<T extends Record<string, unknown>>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

interface CheckReport {
  history: { editedMigrationNames: string[]; failedMigrationNames: string[]; hasMigrationsTable: boolean; history: unknown };
  pending: string[];
  drift: string;
}

/** scripts/check-migrations.mjs runs the wasm schema engine, which needs its own Node flag. */
function runCheck(url: string): Promise<{ code: number; report: CheckReport }> {
  const script = join(__dirname, '..', '..', 'scripts', 'check-migrations.mjs');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--no-warnings', '--experimental-wasm-modules', script, url], (error, stdout, stderr) => {
      const line = stdout.trim().split('\n').pop() ?? '';
      if (!line.startsWith('{')) return reject(new Error(`check-migrations failed: ${stderr}`));
      resolve({ code: error ? Number(error.code) : 0, report: JSON.parse(line) as CheckReport });
    });
  });
}

afterAll(async () => {
  await withAdmin(async (client) => {
    for (const name of created) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
});

describe('migrateDatabase', () => {
  let url: string;
  beforeAll(async () => {
    url = await emptyDatabase();
  });

  it('applies every migration once and records it exactly as prisma migrate deploy does', async () => {
    const files = readMigrations();
    expect(files.length).toBeGreaterThan(0);

    const first = await migrateDatabase(url);
    expect(first.applied).toEqual(files.map((file) => file.name));

    const rows = await query<{
      id: string; checksum: string; migration_name: string; finished_at: Date | null;
      rolled_back_at: Date | null; logs: string | null; applied_steps_count: number; started_at: Date;
    }>(url, 'SELECT * FROM "_prisma_migrations" ORDER BY migration_name');
    expect(rows.map((row) => row.migration_name)).toEqual(files.map((file) => file.name));
    for (const row of rows) {
      const bytes = readFileSync(join(DEFAULT_MIGRATIONS_DIR, row.migration_name, 'migration.sql'));
      expect(row.checksum).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
      expect(row.rolled_back_at).toBeNull();
      expect(row.logs).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }

    const tables = await query<{ table_name: string }>(
      url,
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    // Every model of schema.prisma has its table, and nothing else was created.
    const schema = readFileSync(join(DEFAULT_MIGRATIONS_DIR, '..', 'schema.prisma'), 'utf8');
    const modelTables = [...schema.matchAll(/^model \w+ \{[\s\S]*?@@map\("([a-z_]+)"\)[\s\S]*?^\}/gm)].map((m) => m[1]!);
    expect(tables.map((t) => t.table_name)).toEqual(['_prisma_migrations', ...modelTables].sort());
  });

  it('is a no-op the second time', async () => {
    const second = await migrateDatabase(url);
    expect(second).toEqual({ applied: [], modifiedSinceApplied: [] });
    const [count] = await query<{ n: string }>(url, 'SELECT count(*) AS n FROM "_prisma_migrations"');
    expect(Number(count?.n)).toBe(readMigrations().length);
  });

  it('serialises concurrent starters on the advisory lock: exactly one applies', async () => {
    const fresh = await emptyDatabase();
    const results = await Promise.all([migrateDatabase(fresh), migrateDatabase(fresh), migrateDatabase(fresh)]);
    const appliedCounts = results.map((result) => result.applied.length).sort();
    expect(appliedCounts).toEqual([0, 0, readMigrations().length]);
    const [count] = await query<{ n: string }>(fresh, 'SELECT count(*) AS n FROM "_prisma_migrations"');
    expect(Number(count?.n)).toBe(readMigrations().length);
  });

  it('refuses to continue after a failed migration, like Prisma', async () => {
    const fresh = await emptyDatabase();
    await migrateDatabase(fresh);
    const client = new Client({ connectionString: fresh });
    await client.connect();
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, applied_steps_count) VALUES ('00000000-0000-0000-0000-000000000000', 'x', '29990101000000_broken', 0)`,
    );
    await client.end();
    await expect(migrateDatabase(fresh)).rejects.toThrow(/29990101000000_broken' failed earlier/);
  });

  it("is accepted by Prisma's own schema engine: no pending, edited or failed migration, and no drift", async () => {
    const fresh = await emptyDatabase();
    await migrateDatabase(fresh);
    const check = (): Promise<{ code: number; report: CheckReport }> => runCheck(fresh);

    const ok = await check();
    expect(ok.report).toEqual({
      history: { editedMigrationNames: [], failedMigrationNames: [], hasMigrationsTable: true, history: null },
      pending: [],
      drift: '',
    });
    expect(ok.code).toBe(0);

    // The engine does compare checksums: a wrong one is reported as an edited migration.
    const [first] = readMigrations();
    const client = new Client({ connectionString: fresh });
    await client.connect();
    await client.query(`UPDATE "_prisma_migrations" SET checksum = repeat('0', 64) WHERE migration_name = $1`, [first!.name]);
    await client.end();
    const edited = await check();
    expect(edited.report.history.editedMigrationNames).toEqual([first!.name]);
    expect(edited.code).toBe(1);
  }, 60_000);

  it('runs as a CLI from dist with DATABASE_URL', async () => {
    const fresh = await emptyDatabase();
    const cli = join(__dirname, '..', '..', 'dist', 'migrate.js');
    const run = promisify(execFile);
    const first = await run(process.execPath, [cli], { env: { ...process.env, DATABASE_URL: fresh } });
    expect(first.stdout).toMatch(/^Applied \d+ migration\(s\): /);
    const second = await run(process.execPath, [cli], { env: { ...process.env, DATABASE_URL: fresh } });
    expect(second.stdout).toBe('Database is up to date.\n');
  });
});
