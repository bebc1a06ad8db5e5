#!/usr/bin/env node
// Writes prisma/migrations/<timestamp>_<name>/migration.sql: the SQL that takes a database from the existing
// migrations to prisma/schema.prisma. Equivalent of `prisma migrate dev --create-only`, but through the wasm
// schema engine (the native one cannot be downloaded here). It replays the migrations into a throwaway shadow
// database, so it needs a reachable Postgres: DATABASE_URL, else TEST_DATABASE_URL, else local postgres.
//
//   npm run db:migration -w @asc/db -- add_quota_table
//   (node --experimental-wasm-modules libs/db/scripts/create-migration.mjs <name>)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultDatabaseUrl, migrationsDir, NO_FILTERS, openSchemaEngine, readMigrationsList, schemaPath } from './schema-engine.mjs';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: create-migration.mjs <snake_case_name>');
  process.exit(2);
}

mkdirSync(migrationsDir, { recursive: true });
const engine = await openSchemaEngine(defaultDatabaseUrl());
try {
  const result = await engine.diff({
    from: { tag: 'migrations', ...readMigrationsList() },
    to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: readFileSync(schemaPath, 'utf8') }] },
    script: true,
    exitCode: null,
    filters: NO_FILTERS,
  });
  // The engine emits CREATE SCHEMA "public" for the first migration; the schema always exists and a real
  // `prisma migrate` never writes it, so drop it to keep the file identical to what Prisma would produce.
  const sql = (result.stdout ?? '')
    .split('\n')
    .filter((line) => line.trim() !== 'CREATE SCHEMA IF NOT EXISTS "public";' && line.trim() !== 'CREATE SCHEMA "public";')
    .join('\n')
    .replace(/^\n+/, '');
  if (!/\S/.test(sql.replace(/^--.*$/gm, ''))) {
    console.log('schema.prisma matches the migrations; nothing to write.');
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const dir = join(migrationsDir, `${stamp}_${name}`);
    mkdirSync(dir);
    writeFileSync(join(dir, 'migration.sql'), sql.endsWith('\n') ? sql : `${sql}\n`);
    console.log(`wrote ${join(dir, 'migration.sql')}`);
  }
} finally {
  engine.free();
}
