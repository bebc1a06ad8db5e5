/**
 * The data plane's in-memory view of tenants, keys and deployments. Built from the database off the hot path
 * (at start and on every config-change notification), then only read: request handling never queries the database.
 */
import type { DeploymentTarget } from '@asc/providers';
import type { RoutingPolicy } from '../routing/routing-policy';

export type Operation = 'chat' | 'embeddings';

export interface KeyEntry {
  keyId: string;
  tenantId: string;
  prefix: string;
  /** Epoch ms; the key stops working at this instant (expiry or end of a rotation grace period). */
  expiresAtMs: number | null;
  revoked: boolean;
}

export interface TenantEntry {
  id: string;
  slug: string;
  active: boolean;
}

export interface RouteCandidate {
  deploymentId: string;
  /** Owner of the deployment; null = platform-wide. */
  tenantId: string | null;
  /** The name callers use: an alias such as `gpt-4o-mini`. */
  model: string;
  region: string;
  priority: number;
  weight: number;
  operations: readonly Operation[];
  target: DeploymentTarget;
}

export interface TenantModels {
  /** Model name (alias or `provider/upstream-model`) → candidates in priority order. */
  byName: ReadonlyMap<string, readonly RouteCandidate[]>;
  /** Routing policies by model name (absent = platform default). */
  routing: ReadonlyMap<string, RoutingPolicy>;
  /** What `GET /v1/models` lists for this tenant. */
  listed: readonly { id: string; ownedBy: string; created: number }[];
}

export interface ConfigSnapshot {
  loadedAtMs: number;
  keysByHash: ReadonlyMap<string, KeyEntry>;
  tenants: ReadonlyMap<string, TenantEntry>;
  modelsByTenant: ReadonlyMap<string, TenantModels>;
}
