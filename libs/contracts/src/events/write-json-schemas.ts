import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { eventJsonSchemaFiles } from './json-schemas';

/**
 * Writes `libs/contracts/schemas/*.json`. Run after building: `node libs/contracts/dist/events/write-json-schemas.js`
 * (the path is the same relative to `src/events` and `dist/events`).
 */
export function writeJsonSchemas(dir: string = resolve(__dirname, '../../schemas')): string[] {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const [name, text] of Object.entries(eventJsonSchemaFiles())) {
    writeFileSync(join(dir, name), text);
    written.push(join(dir, name));
  }
  return written;
}

if (require.main === module) {
  for (const file of writeJsonSchemas()) process.stdout.write(`wrote ${file}\n`);
}
