/**
 * Master keys (key-encryption keys) for the envelope cipher, read from the environment by the caller.
 * Keyring text format: comma-separated `id:base64` entries, the first one active, the rest kept only so
 * records sealed before a rotation still decrypt, e.g. `2025-06:q1w2…=,2025-01:z9x8…=`.
 */
export interface MasterKey {
  readonly id: string;
  /** 32 bytes (AES-256). */
  readonly key: Buffer;
}

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function parseMasterKey(id: string, base64: string): MasterKey {
  if (!KEY_ID.test(id)) throw new Error(`Master key id '${id}' must match ${KEY_ID.source}.`);
  const key = Buffer.from(base64.trim(), 'base64');
  if (key.length !== 32) throw new Error(`Master key '${id}' must be 32 bytes of base64, got ${key.length} bytes.`);
  return { id, key };
}

/** Parses `id:base64[,id:base64…]`; the first entry is the active key. */
export function parseMasterKeyring(text: string): MasterKey[] {
  const entries = text.split(',').map((entry) => entry.trim()).filter((entry) => entry.length > 0);
  if (entries.length === 0) throw new Error('The master keyring is empty.');
  const keys = entries.map((entry) => {
    const colon = entry.indexOf(':');
    if (colon <= 0) throw new Error('Each master keyring entry must look like <id>:<base64 of 32 bytes>.');
    return parseMasterKey(entry.slice(0, colon), entry.slice(colon + 1));
  });
  const ids = new Set(keys.map((key) => key.id));
  if (ids.size !== keys.length) throw new Error('Master key ids in the keyring must be unique.');
  return keys;
}
