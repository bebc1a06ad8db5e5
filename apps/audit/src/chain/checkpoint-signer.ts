import { Inject, Injectable } from '@nestjs/common';
import { parsePublicKey, parseSigningKey, signCheckpoint, type PublicKey, type SignedCheckpoint, type SigningKey } from '@asc/audit-chain';
import { AUDIT_CONFIG, type AuditConfig } from '../audit-config';

/** The Ed25519 checkpoint key of this service and the public keys its verifier trusts (its own plus earlier ones). */
@Injectable()
export class CheckpointSigner {
  private readonly key: SigningKey;
  readonly trustedKeys: ReadonlyMap<string, PublicKey>;

  constructor(@Inject(AUDIT_CONFIG) config: AuditConfig) {
    this.key = parseSigningKey(config.ASC_AUDIT_SIGNING_KEY);
    const trusted = new Map<string, PublicKey>([[this.key.keyId, this.key.publicKey]]);
    for (const text of config.ASC_AUDIT_TRUSTED_PUBLIC_KEYS) {
      const key = parsePublicKey(text);
      trusted.set(key.keyId, key);
    }
    this.trustedKeys = trusted;
  }

  get publicKey(): PublicKey {
    return this.key.publicKey;
  }

  sign(tenantId: string, seq: number, headHash: string, now: Date = new Date()): SignedCheckpoint {
    return signCheckpoint(this.key, { tenantId, seq, headHash, time: now.toISOString() });
  }
}
