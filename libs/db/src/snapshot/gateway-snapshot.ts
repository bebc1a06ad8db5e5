import { hashVirtualKey, type EnvelopeCipher } from '@asc/secrets';
import { Database } from '../repositories/database';
import { toDeployment } from '../repositories/deployment.repository';
import { readSnapshotRows } from '../repositories/snapshot.repository';
import type { AscPrismaClient } from '../prisma-client';
import type { Deployment, DeploymentProvider, RoutingRule, TenantStatus } from '../types';
import { toRoutingRule } from '../repositories/routing-rule.repository';

/**
 * Everything the data plane needs in memory: keys by hash, tenants, enabled deployments with their decrypted
 * credential. Built off the hot path (start-up and each config notification); immutable once returned.
 */
export interface SnapshotKey {
  keyId: string;
  tenantId: string;
  prefix: string;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

export interface SnapshotTenant {
  id: string;
  slug: string;
  name: string;
  status: TenantStatus;
  /** Empty = every model visible to the tenant. */
  allowedModels: readonly string[];
  organizationId: string | null;
}

export interface SnapshotCredential {
  id: string;
  provider: DeploymentProvider;
  name: string;
  /** Decrypted provider secret; lives only in this process's memory. */
  secret: string;
}

export interface SnapshotDeployment extends Deployment {
  credential: SnapshotCredential | null;
}

export interface GatewaySnapshot {
  loadedAt: Date;
  keysByHash: ReadonlyMap<string, SnapshotKey>;
  tenants: ReadonlyMap<string, SnapshotTenant>;
  /** Enabled deployments only, by model then priority. Platform-wide ones have `tenantId` null. */
  deployments: readonly SnapshotDeployment[];
  /** Routing rules, tenant-specific and platform-wide (tenantId null). */
  routingRules: readonly RoutingRule[];
  /** Deployments left out because their credential could not be decrypted (e.g. master key not in the keyring). */
  warnings: readonly string[];
}

export async function loadGatewaySnapshot(source: AscPrismaClient | Database, cipher: EnvelopeCipher): Promise<GatewaySnapshot> {
  const prisma = source instanceof Database ? source.prisma : source;
  const rows = await readSnapshotRows(prisma);
  const keysByHash = new Map<string, SnapshotKey>();
  for (const key of rows.keys) {
    keysByHash.set(key.hash, {
      keyId: key.id,
      tenantId: key.tenantId,
      prefix: key.prefix,
      expiresAt: key.expiresAt,
      revokedAt: key.revokedAt,
    });
  }
  const tenants = new Map<string, SnapshotTenant>(rows.tenants.map((tenant) => [tenant.id, { ...tenant }]));
  const deployments: SnapshotDeployment[] = [];
  const warnings: string[] = [];
  for (const row of rows.deployments) {
    const { credential, ...rest } = row;
    let decrypted: SnapshotCredential | null = null;
    if (credential) {
      try {
        decrypted = {
          id: credential.id,
          provider: credential.provider as DeploymentProvider,
          name: credential.name,
          secret: cipher.decrypt(credential),
        };
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        warnings.push(`deployment ${row.id} (${row.model}) skipped: credential ${credential.id} cannot be decrypted: ${reason}`);
        continue;
      }
    }
    deployments.push({ ...toDeployment(rest), credential: decrypted });
  }
  return { loadedAt: new Date(), keysByHash, tenants, deployments, routingRules: rows.routingRules.map(toRoutingRule), warnings };
}

export type KeyCheck =
  | { ok: true; key: SnapshotKey; tenant: SnapshotTenant }
  | { ok: false; reason: 'unknown' | 'revoked' | 'expired' | 'tenant_suspended' };

/** Resolves a presented secret against a snapshot at `now`: one HMAC and two map lookups. */
export function checkVirtualKey(snapshot: GatewaySnapshot, secret: string, pepper: string | Buffer, now: Date = new Date()): KeyCheck {
  const key = snapshot.keysByHash.get(hashVirtualKey(secret, pepper));
  if (!key) return { ok: false, reason: 'unknown' };
  if (key.revokedAt !== null && key.revokedAt <= now) return { ok: false, reason: 'revoked' };
  if (key.expiresAt !== null && key.expiresAt <= now) return { ok: false, reason: 'expired' };
  const tenant = snapshot.tenants.get(key.tenantId);
  if (!tenant) return { ok: false, reason: 'unknown' };
  if (tenant.status !== 'active') return { ok: false, reason: 'tenant_suspended' };
  return { ok: true, key, tenant };
}
