import type { Deployment, Organization, Tenant } from '../types';
import type { DeploymentPatch, NewDeployment } from '../repositories/deployment.repository';

/**
 * Policy storage shapes. A policy layer's `document` is opaque JSON here; the policy service validates it with
 * @asc/policy's `policyDocumentSchema` before writing, so @asc/db does not depend on the policy model.
 */
export const POLICY_SCOPES = ['platform', 'organization', 'tenant', 'key'] as const;
export type PolicyScope = (typeof POLICY_SCOPES)[number];

/** `scopeId` of the one platform layer. */
export const PLATFORM_SCOPE_ID = 'platform';

export interface PolicyRecord {
  scope: PolicyScope;
  /** Organization / tenant / key id, or `platform`. */
  scopeId: string;
  document: unknown;
  /** Policy version of the last change to this layer. */
  version: number;
  updatedBy: string;
  updatedAt: Date;
}

export interface PolicyRevisionInfo {
  /** The policy version this revision created. */
  version: number;
  actor: string;
  summary: string;
  changes: unknown;
  at: Date;
}

/** What `asc apply` compares a file against: every organization, tenant, deployment (also disabled) and policy. */
export interface PolicyLiveState {
  version: number;
  organizations: Organization[];
  tenants: Tenant[];
  deployments: Deployment[];
  policies: PolicyRecord[];
  /** Owner tenant of every key that has a policy layer. */
  keyTenants: { keyId: string; tenantId: string }[];
}

/** Everything a policy snapshot is built from, read at one point in time. */
export interface PolicySnapshotRows {
  version: number;
  organizations: Organization[];
  tenants: Tenant[];
  /** Enabled deployments only. */
  deployments: Deployment[];
  policies: PolicyRecord[];
  /** Owner tenant of every key that has a policy layer. */
  keyTenants: { keyId: string; tenantId: string }[];
  /** Metering's budgets (read only): `state` is ok | soft_exceeded | hard_exceeded. */
  budgets: { id: string; tenantId: string; keyId: string | null; state: string }[];
}

/**
 * One `asc apply` (or one policy edit), resolved into changes. Organizations, tenants and policy scopes are named
 * by slug (keys by id), so a change set can create an organization and refer to it in the same transaction.
 */
export interface PolicyChangeSet {
  actor: string;
  summary: string;
  /** The diff as shown to the operator; stored in the revision and the admin_changes row. */
  diff: unknown;
  /** Refuse with 409 when the live policy version is no longer this one (someone applied in between). */
  expectedVersion?: number | undefined;
  organizations: { slug: string; name: string; create: boolean }[];
  tenants: { slug: string; name: string; organizationSlug: string | null; create: boolean }[];
  deploymentsCreate: (Omit<NewDeployment, 'tenantId'> & { tenantSlug: string | null })[];
  deploymentsUpdate: { id: string; patch: DeploymentPatch }[];
  /** `ref`: org/tenant slug, key id, or `platform`. `keyTenant`: for key layers, the slug the key must belong to. */
  policiesSet: { scope: PolicyScope; ref: string; document: unknown; keyTenant?: string }[];
  policiesRemove: { scope: PolicyScope; scopeId: string }[];
}

export interface AppliedPolicyChange {
  version: number;
  organizations: Organization[];
  tenants: Tenant[];
  deployments: Deployment[];
}
