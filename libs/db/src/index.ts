export { createPrismaClient, type AscPrismaClient } from './prisma-client';
export { migrateDatabase, type MigrateOptions, type MigrateResult } from './migrate/migrator';
export { DEFAULT_MIGRATIONS_DIR, migrationsFingerprint, readMigrations, type MigrationFile } from './migrate/migrations';
export { startEmbeddedPostgres, type EmbeddedPostgres, type EmbeddedPostgresOptions } from './embedded/embedded-postgres';
export { Database, type Repositories } from './repositories/database';
export { AdminStore, type AdminStoreOptions, type IssuedApiKey, type RotatedApiKey } from './admin/admin-store';
export {
  DEFAULT_ROTATION_GRACE_SECONDS,
  InvalidAdminInput,
  type CreateApiKeyInput,
  type SetRoutingRuleInput,
  type DeleteRoutingRuleInput,
  type CreateCredentialInput,
  type CreateDeploymentInput,
  type CreateOrganizationInput,
  type CreateTenantInput,
  type DeleteCredentialInput,
  type DisableDeploymentInput,
  type RevokeApiKeyInput,
  type RotateApiKeyInput,
  type UpdateDeploymentInput,
  type UpdateTenantInput,
} from './admin/admin-inputs';
export {
  checkVirtualKey,
  loadGatewaySnapshot,
  type GatewaySnapshot,
  type KeyCheck,
  type SnapshotCredential,
  type SnapshotDeployment,
  type SnapshotKey,
  type SnapshotTenant,
} from './snapshot/gateway-snapshot';
export { listenConfigChanges, type ConfigChangeEvent, type ConfigChangeListener, type ListenOptions } from './snapshot/config-listener';
export { CoalescedReload } from './snapshot/coalesced-reload';
export { PolicyStore } from './policy/policy-store';
export {
  POLICY_SCOPES,
  PLATFORM_SCOPE_ID,
  type AppliedPolicyChange,
  type PolicyChangeSet,
  type PolicyLiveState,
  type PolicyRecord,
  type PolicyRevisionInfo,
  type PolicyScope,
  type PolicySnapshotRows,
} from './policy/policy-types';
export type { DeploymentPatch, NewDeployment } from './repositories/deployment.repository';
export { ConflictError } from './errors';
export * from './types';
