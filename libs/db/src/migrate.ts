#!/usr/bin/env node
// CLI: `DATABASE_URL=postgresql://… node libs/db/dist/migrate.js` applies pending migrations and exits.
import { migrateDatabase } from './migrate/migrator';

async function main(): Promise<void> {
  const databaseUrl = process.env['DATABASE_URL'];
  if (!databaseUrl) {
    process.stderr.write('DATABASE_URL is not set.\n');
    process.exit(2);
  }
  const result = await migrateDatabase(databaseUrl);
  for (const name of result.modifiedSinceApplied) {
    process.stderr.write(`warning: migration ${name} was modified after it was applied\n`);
  }
  process.stdout.write(
    result.applied.length === 0
      ? 'Database is up to date.\n'
      : `Applied ${result.applied.length} migration(s): ${result.applied.join(', ')}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
