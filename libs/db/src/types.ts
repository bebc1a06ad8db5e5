/**
 * The shapes @asc/db hands out. Plain interfaces, independent of the generated Prisma types, so consumers
 * (gateway, policy, CLI) never depend on Prisma. None of them carries a key hash or a credential secret.
 */

/** Same ids as `PROVIDER_IDS` in @asc/providers; kept here so the schema's validation has no provider dependency. */
export const DEPLOYMENT_PROVIDERS = ['openai', 'anthropic', 'mistral', 'azure-openai', 'openai-compatible'] as const;
export type DeploymentProvider = (typeof DEPLOYMENT_PROVIDERS)[number];

export const DEPLOYMENT_OPERATIONS = ['chat', 'embeddings'] as const;
export type DeploymentOperation = (typeof DEPLOYMENT_OPERATIONS)[number];

export const TENANT_STATUSES = ['active', 'suspended'] as const;
export type TenantStatus = (typeof TENANT_STATUSES)[number];

export interface Organization {
  id: string;
  slug: string;
  name: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface Tenant {
  id: string;
  slug: string;
  name: string;
  status: TenantStatus;
  /** Public model names the tenant may use; empty = every model visible to it. */
  allowedModels: string[];
  organizationId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A virtual key as listed: prefix and lifecycle only, never the secret or its hash. */
export interface ApiKeyInfo {
  id: string;
  tenantId: string;
  name: string;
  prefix: string;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  /** The key this one replaced. */
  rotatedFromId: string | null;
  /** The key that replaced this one. */
  rotatedToId: string | null;
}

/** A provider credential as listed: metadata only, never the secret or its ciphertext. */
export interface CredentialInfo {
  id: string;
  /** null = platform-wide. */
  tenantId: string | null;
  provider: DeploymentProvider;
  name: string;
  /** Master key that wraps it (useful to find records still on a retired key). */
  keyId: string;
  createdBy: string;
  createdAt: Date;
}

export interface Deployment {
  id: string;
  /** null = platform-wide. */
  tenantId: string | null;
  model: string;
  provider: DeploymentProvider;
  upstreamModel: string;
  baseUrl: string;
  region: string;
  apiVersion: string | null;
  credentialId: string | null;
  operations: DeploymentOperation[];
  priority: number;
  weight: number;
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export const CONFIG_ENTITIES = ['organization', 'tenant', 'api_key', 'provider_credential', 'deployment', 'policy', 'routing_rule'] as const;
export type ConfigEntity = (typeof CONFIG_ENTITIES)[number];

export interface AdminChange {
  /** bigint sequence, as a decimal string. */
  id: string;
  actor: string;
  /** `<entity>.<past-tense verb>`, e.g. `api_key.rotated`. */
  action: string;
  entity: ConfigEntity;
  entityId: string;
  tenantId: string | null;
  before: unknown;
  after: unknown;
  at: Date;
}

/** Payload of `NOTIFY asc_config_changed` (JSON). */
export interface ConfigChange {
  entity: ConfigEntity;
  id: string;
  tenantId: string | null;
  action: string;
}

export const CONFIG_CHANGED_CHANNEL = 'asc_config_changed';

export const FALLBACK_CONDITIONS = ['rate_limited', 'server_error', 'connect_error', 'timeout', 'ttft_timeout'] as const;
export type FallbackCondition = (typeof FALLBACK_CONDITIONS)[number];
export const BALANCE_STRATEGIES = ['weighted', 'least-outstanding'] as const;
export type BalanceStrategy = (typeof BALANCE_STRATEGIES)[number];

/** Routing of one model alias for a tenant (or platform-wide, tenantId null) when deployments fail. */
export interface RoutingRule {
  id: string;
  tenantId: string | null;
  model: string;
  fallbackModels: string[];
  fallbackOn: FallbackCondition[];
  maxRetries: number;
  retryBaseMs: number;
  retryMaxMs: number;
  ttftDeadlineMs: number | null;
  totalDeadlineMs: number;
  strategy: BalanceStrategy;
  createdAt: Date;
  updatedAt: Date;
}
