#!/usr/bin/env node
// Runs `prisma generate` for libs/db. Generation needs no schema engine, but the Prisma CLI insists that
// PRISMA_SCHEMA_ENGINE_BINARY names an existing file when it cannot download one (offline machines),
// so point it at the node binary unless the caller set it.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const dbDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const prismaCli = createRequire(import.meta.url).resolve('prisma/build/index.js');
const result = spawnSync(process.execPath, [prismaCli, 'generate', '--config', join(dbDir, 'prisma.config.ts')], {
  cwd: dbDir,
  stdio: 'inherit',
  env: { PRISMA_SCHEMA_ENGINE_BINARY: process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: '1', ...process.env },
});
process.exit(result.status ?? 1);
