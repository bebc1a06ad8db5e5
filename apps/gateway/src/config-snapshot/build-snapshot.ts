import type { GatewaySnapshot, RoutingRule, SnapshotDeployment, SnapshotTenant } from '@asc/db';
import type { RoutingPolicy } from '../routing/routing-policy';
import type { ProviderId } from '@asc/providers';
import type { ConfigSnapshot, KeyEntry, Operation, RouteCandidate, TenantEntry, TenantModels } from './snapshot';

/**
 * Precomputes everything a request needs into maps: key hash → key, tenant → usable model names → candidates.
 * Runs off the hot path (start-up and config changes), so requests only do map lookups.
 */
export function buildSnapshot(rows: GatewaySnapshot, now = Date.now()): ConfigSnapshot {
  const keysByHash = new Map<string, KeyEntry>();
  for (const [hash, key] of rows.keysByHash) {
    keysByHash.set(hash, {
      keyId: key.keyId,
      tenantId: key.tenantId,
      prefix: key.prefix,
      expiresAtMs: key.expiresAt ? key.expiresAt.getTime() : null,
      revoked: key.revokedAt !== null,
    });
  }
  const tenants = new Map<string, TenantEntry>();
  const modelsByTenant = new Map<string, TenantModels>();
  const candidates = rows.deployments.filter((d) => d.enabled).map(toCandidate);
  const platformRouting = routingMap(rows.routingRules.filter((r) => r.tenantId === null));
  for (const tenant of rows.tenants.values()) {
    tenants.set(tenant.id, { id: tenant.id, slug: tenant.slug, active: tenant.status === 'active' });
    // A tenant's own rule for a model replaces the platform's rule for it.
    const routing = new Map([...platformRouting, ...routingMap(rows.routingRules.filter((r) => r.tenantId === tenant.id))]);
    modelsByTenant.set(tenant.id, tenantModels(tenant, routing, candidates));
  }
  return { loadedAtMs: now, keysByHash, tenants, modelsByTenant };
}

function toCandidate(d: SnapshotDeployment): RouteCandidate & { createdAtMs: number } {
  return {
    deploymentId: d.id,
    tenantId: d.tenantId,
    createdAtMs: d.createdAt.getTime(),
    model: d.model,
    region: d.region,
    priority: d.priority,
    weight: d.weight,
    operations: d.operations.filter((op): op is Operation => op === 'chat' || op === 'embeddings'),
    target: {
      provider: d.provider as ProviderId,
      baseUrl: d.baseUrl,
      upstreamModel: d.upstreamModel,
      ...(d.credential !== null ? { apiKey: d.credential.secret } : {}),
      ...(d.apiVersion !== null ? { apiVersion: d.apiVersion } : {}),
    },
  };
}

function routingMap(rules: readonly RoutingRule[]): Map<string, RoutingPolicy> {
  return new Map(
    rules.map((r) => [
      r.model,
      {
        fallbackModels: r.fallbackModels,
        fallbackOn: new Set(r.fallbackOn),
        maxRetries: r.maxRetries,
        retryBaseMs: r.retryBaseMs,
        retryMaxMs: r.retryMaxMs,
        ttftDeadlineMs: r.ttftDeadlineMs ?? undefined,
        totalDeadlineMs: r.totalDeadlineMs,
        strategy: r.strategy,
      },
    ]),
  );
}

function tenantModels(
  tenant: SnapshotTenant,
  routing: ReadonlyMap<string, RoutingPolicy>,
  candidates: readonly (RouteCandidate & { createdAtMs: number })[],
): TenantModels {
  const allowed = tenant.allowedModels.length > 0 ? new Set(tenant.allowedModels) : undefined;
  const byName = new Map<string, RouteCandidate[]>();
  const listed = new Map<string, { id: string; ownedBy: string; created: number }>();
  const add = (name: string, candidate: RouteCandidate) => {
    const list = byName.get(name);
    if (list) list.push(candidate);
    else byName.set(name, [candidate]);
  };
  for (const candidate of candidates) {
    if (candidate.tenantId !== null && candidate.tenantId !== tenant.id) continue;
    const qualified = `${candidate.target.provider}/${candidate.target.upstreamModel}`;
    if (allowed && !allowed.has(candidate.model) && !allowed.has(qualified)) continue;
    add(candidate.model, candidate);
    if (qualified !== candidate.model) add(qualified, candidate);
    if (!listed.has(candidate.model)) {
      listed.set(candidate.model, { id: candidate.model, ownedBy: candidate.target.provider, created: Math.floor(candidate.createdAtMs / 1000) });
    }
  }
  // Lower priority number first; tenant-owned deployments before platform ones at equal priority.
  for (const list of byName.values()) {
    list.sort((a, b) => a.priority - b.priority || Number(a.tenantId === null) - Number(b.tenantId === null));
  }
  return { byName, routing, listed: [...listed.values()].sort((a, b) => a.id.localeCompare(b.id)) };
}
