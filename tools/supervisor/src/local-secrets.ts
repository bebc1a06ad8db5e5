import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The embedded default's own secrets (key-hash pepper, envelope master key, admin token), generated on the first
 * start and kept in `.asc/secrets.env` (mode 0600) so that keys and encrypted credentials stay valid across
 * restarts. Values already set in the environment win. Production passes them from a secret store.
 */
export interface LocalSecrets {
  ASC_KEY_HASH_SECRET: string;
  ASC_MASTER_KEYS: string;
  ASC_ADMIN_TOKEN: string;
  /** Ed25519 seed (base64) signing the audit log's checkpoints. */
  ASC_AUDIT_SIGNING_KEY: string;
}

export function loadOrCreateLocalSecrets(file: string, env: NodeJS.ProcessEnv): LocalSecrets {
  const stored = existsSync(file) ? parseEnvFile(readFileSync(file, 'utf8')) : {};
  const secrets: LocalSecrets = {
    ASC_KEY_HASH_SECRET: env.ASC_KEY_HASH_SECRET ?? stored.ASC_KEY_HASH_SECRET ?? randomBytes(32).toString('base64url'),
    ASC_MASTER_KEYS: env.ASC_MASTER_KEYS ?? stored.ASC_MASTER_KEYS ?? `local-1:${randomBytes(32).toString('base64')}`,
    ASC_ADMIN_TOKEN: env.ASC_ADMIN_TOKEN ?? stored.ASC_ADMIN_TOKEN ?? `asc-admin-${randomBytes(24).toString('base64url')}`,
    ASC_AUDIT_SIGNING_KEY: env.ASC_AUDIT_SIGNING_KEY ?? stored.ASC_AUDIT_SIGNING_KEY ?? randomBytes(32).toString('base64'),
  };
  mkdirSync(dirname(file), { recursive: true });
  const text = Object.entries(secrets).map(([k, v]) => `${k}=${v}`).join('\n') + '\n';
  writeFileSync(file, text, { mode: 0o600 });
  return secrets;
}

function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0 && !line.startsWith('#')) out[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return out;
}
