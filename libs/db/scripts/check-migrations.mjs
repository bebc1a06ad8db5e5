#!/usr/bin/env node
// Asks Prisma's own schema engine (wasm build, the logic behind `prisma migrate deploy/status`) about a
// database and the migrations folder, and prints one JSON line:
//   history   diagnoseMigrationHistory on <url>: edited/failed migrations, divergent history
//   pending   what `migrate deploy` would still apply to <url> (the engine applies them, so use a throwaway db)
//   drift     SQL from <url>'s actual schema to schema.prisma ('' when the migrations produce exactly the
//             schema, i.e. every schema.prisma change has its migration)
// Exit 1 if anything is off.   node --experimental-wasm-modules libs/db/scripts/check-migrations.mjs <url>
import { readFileSync } from 'node:fs';
import { NO_FILTERS, openSchemaEngine, readMigrationsList, schemaPath } from './schema-engine.mjs';

const url = process.argv[2];
if (!url) {
  console.error('usage: check-migrations.mjs <database url>');
  process.exit(2);
}
const engine = await openSchemaEngine(url);
try {
  const migrationsList = readMigrationsList();
  const history = await engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters: NO_FILTERS });
  const { appliedMigrationNames: pending } = await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
  const diff = await engine.diff({
    from: { tag: 'schemaDatasource', files: [{ path: schemaPath, content: readFileSync(schemaPath, 'utf8') }], configDir: '.' },
    to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: readFileSync(schemaPath, 'utf8') }] },
    script: true,
    exitCode: null,
    filters: NO_FILTERS,
  });
  const drift = (diff.stdout ?? '').replace(/^--.*$/gm, '').replace(/CREATE SCHEMA (IF NOT EXISTS )?"public";/g, '').trim();
  const report = { history, pending, drift };
  console.log(JSON.stringify(report));
  const ok = history.history === null && history.failedMigrationNames.length === 0 &&
    history.editedMigrationNames.length === 0 && pending.length === 0 && drift === '';
  process.exitCode = ok ? 0 : 1;
} finally {
  engine.free();
}
// The engine keeps pooled connections it never disposes; nothing else is pending, so end here.
process.exit();
