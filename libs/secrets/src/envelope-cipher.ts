import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { MasterKey } from './master-key';

/**
 * Envelope encryption for provider credentials. Each secret gets a fresh 256-bit data key; the secret is sealed
 * with AES-256-GCM under the data key, and the data key is sealed with AES-256-GCM under the active master key.
 * Rotating the master key therefore only re-wraps 32-byte data keys (`rewrap`), never the secrets themselves.
 *
 * Stored shape (all binary fields base64):
 *   keyId            id of the master key that wrapped the data key
 *   encryptedDataKey iv(12) || tag(16) || AES-256-GCM(masterKey, dataKey, aad = keyId)
 *   iv, tag          nonce and auth tag of the data layer
 *   ciphertext       AES-256-GCM(dataKey, plaintext, aad = DATA_AAD)
 */
export interface EncryptedSecret {
  readonly keyId: string;
  readonly encryptedDataKey: string;
  readonly iv: string;
  readonly tag: string;
  readonly ciphertext: string;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
/** Fixed data-layer aad: binds ciphertexts to this format without tying them to a master key id. */
const DATA_AAD = 'asc-envelope-v1';

export class EnvelopeCipher {
  private readonly active: MasterKey;
  private readonly byId: ReadonlyMap<string, MasterKey>;

  /** `keys[0]` encrypts; every key in the list can decrypt (older keys stay listed during a rotation). */
  constructor(keys: readonly MasterKey[]) {
    const [active] = keys;
    if (!active) throw new Error('EnvelopeCipher needs at least one master key.');
    for (const key of keys) {
      if (key.key.length !== KEY_BYTES) throw new Error(`Master key '${key.id}' must be ${KEY_BYTES} bytes.`);
    }
    this.active = active;
    this.byId = new Map(keys.map((key) => [key.id, key]));
  }

  get activeKeyId(): string {
    return this.active.id;
  }

  encrypt(plaintext: string): EncryptedSecret {
    const dataKey = randomBytes(KEY_BYTES);
    try {
      const sealed = seal(dataKey, Buffer.from(plaintext, 'utf8'), DATA_AAD);
      return {
        keyId: this.active.id,
        encryptedDataKey: this.wrap(dataKey, this.active),
        iv: sealed.iv.toString('base64'),
        tag: sealed.tag.toString('base64'),
        ciphertext: sealed.ciphertext.toString('base64'),
      };
    } finally {
      dataKey.fill(0);
    }
  }

  decrypt(record: EncryptedSecret): string {
    const dataKey = this.unwrap(record);
    try {
      const plaintext = open(dataKey, {
        iv: Buffer.from(record.iv, 'base64'),
        tag: Buffer.from(record.tag, 'base64'),
        ciphertext: Buffer.from(record.ciphertext, 'base64'),
      }, DATA_AAD);
      return plaintext.toString('utf8');
    } finally {
      dataKey.fill(0);
    }
  }

  /** True when the record was wrapped by an older master key and should be re-wrapped. */
  needsRewrap(record: EncryptedSecret): boolean {
    return record.keyId !== this.active.id;
  }

  /** Re-wraps the record's data key under the active master key; iv, tag and ciphertext are unchanged. */
  rewrap(record: EncryptedSecret): EncryptedSecret {
    if (!this.needsRewrap(record)) return record;
    const dataKey = this.unwrap(record);
    try {
      return { ...record, keyId: this.active.id, encryptedDataKey: this.wrap(dataKey, this.active) };
    } finally {
      dataKey.fill(0);
    }
  }

  private wrap(dataKey: Buffer, master: MasterKey): string {
    const sealed = seal(master.key, dataKey, master.id);
    return Buffer.concat([sealed.iv, sealed.tag, sealed.ciphertext]).toString('base64');
  }

  private unwrap(record: EncryptedSecret): Buffer {
    const master = this.byId.get(record.keyId);
    if (!master) throw new Error(`No master key '${record.keyId}' in the keyring; cannot decrypt this secret.`);
    const blob = Buffer.from(record.encryptedDataKey, 'base64');
    if (blob.length !== IV_BYTES + TAG_BYTES + KEY_BYTES) throw new Error('Malformed encrypted data key.');
    return open(master.key, {
      iv: blob.subarray(0, IV_BYTES),
      tag: blob.subarray(IV_BYTES, IV_BYTES + TAG_BYTES),
      ciphertext: blob.subarray(IV_BYTES + TAG_BYTES),
    }, master.id);
  }
}

interface Sealed {
  readonly iv: Buffer;
  readonly tag: Buffer;
  readonly ciphertext: Buffer;
}

function seal(key: Buffer, plaintext: Buffer, aad: string): Sealed {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, tag: cipher.getAuthTag(), ciphertext };
}

function open(key: Buffer, sealed: Sealed, aad: string): Buffer {
  if (sealed.iv.length !== IV_BYTES || sealed.tag.length !== TAG_BYTES) throw new Error('Malformed iv or tag.');
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(sealed.tag);
  return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
}
