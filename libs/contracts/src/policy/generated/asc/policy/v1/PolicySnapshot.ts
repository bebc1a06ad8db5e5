// Original file: proto/policy/v1/policy.proto

import type { PolicyRules as _asc_policy_v1_PolicyRules, PolicyRules__Output as _asc_policy_v1_PolicyRules__Output } from '../../../asc/policy/v1/PolicyRules';
import type { OrganizationPolicy as _asc_policy_v1_OrganizationPolicy, OrganizationPolicy__Output as _asc_policy_v1_OrganizationPolicy__Output } from '../../../asc/policy/v1/OrganizationPolicy';
import type { TenantPolicy as _asc_policy_v1_TenantPolicy, TenantPolicy__Output as _asc_policy_v1_TenantPolicy__Output } from '../../../asc/policy/v1/TenantPolicy';
import type { KeyPolicy as _asc_policy_v1_KeyPolicy, KeyPolicy__Output as _asc_policy_v1_KeyPolicy__Output } from '../../../asc/policy/v1/KeyPolicy';
import type { Deployment as _asc_policy_v1_Deployment, Deployment__Output as _asc_policy_v1_Deployment__Output } from '../../../asc/policy/v1/Deployment';
import type { Long } from '@grpc/proto-loader';

export interface PolicySnapshot {
  'schemaVersion'?: (number);
  'version'?: (number | string | Long);
  'platform'?: (_asc_policy_v1_PolicyRules | null);
  'organizations'?: (_asc_policy_v1_OrganizationPolicy)[];
  'tenants'?: (_asc_policy_v1_TenantPolicy)[];
  'keys'?: (_asc_policy_v1_KeyPolicy)[];
  'deployments'?: (_asc_policy_v1_Deployment)[];
  'exhaustedBudgetIds'?: (string)[];
  'generatedAtMs'?: (number | string | Long);
}

export interface PolicySnapshot__Output {
  'schemaVersion': (number);
  'version': (number);
  'platform': (_asc_policy_v1_PolicyRules__Output | null);
  'organizations': (_asc_policy_v1_OrganizationPolicy__Output)[];
  'tenants': (_asc_policy_v1_TenantPolicy__Output)[];
  'keys': (_asc_policy_v1_KeyPolicy__Output)[];
  'deployments': (_asc_policy_v1_Deployment__Output)[];
  'exhaustedBudgetIds': (string)[];
  'generatedAtMs': (number);
}
