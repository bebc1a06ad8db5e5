#!/usr/bin/env node
// Regenerates the TypeScript types of every ASC proto into libs/contracts/src/policy/generated (committed).
// The loader options here must equal PROTO_LOADER_OPTIONS in libs/contracts/src/policy/loader-options.ts, because
// the generated `__Output` types describe exactly what @grpc/proto-loader hands out with those options.
// Usage: node proto/generate-types.mjs
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'libs/contracts/src/policy/generated');
rmSync(outDir, { recursive: true, force: true });
execFileSync(
  process.execPath,
  [
    join(root, 'node_modules/@grpc/proto-loader/build/bin/proto-loader-gen-types.js'),
    '--longs=Number', '--enums=String', '--defaults', '--oneofs', '--grpcLib=@grpc/grpc-js',
    '-I', join(root, 'proto'), '-O', outDir,
    'policy/v1/policy.proto', 'envoy/service/auth/v3/external_auth.proto', 'grpc/health/v1/health.proto',
  ],
  { stdio: 'inherit', cwd: join(root, 'proto') },
);

// The generator writes absolute "Original file" paths; keep the committed files machine-independent.
for (const entry of readdirSync(outDir, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile()) continue;
  const file = join(entry.parentPath, entry.name);
  writeFileSync(file, readFileSync(file, 'utf8').replaceAll(`${join(root, 'proto')}/`, 'proto/'));
}
