// Original file: proto/policy/v1/policy.proto

import type { PolicyRules as _asc_policy_v1_PolicyRules, PolicyRules__Output as _asc_policy_v1_PolicyRules__Output } from '../../../asc/policy/v1/PolicyRules';

export interface TenantPolicy {
  'id'?: (string);
  'slug'?: (string);
  'organizationId'?: (string);
  'active'?: (boolean);
  'rules'?: (_asc_policy_v1_PolicyRules | null);
  '_organizationId'?: "organizationId";
}

export interface TenantPolicy__Output {
  'id': (string);
  'slug': (string);
  'organizationId'?: (string);
  'active': (boolean);
  'rules': (_asc_policy_v1_PolicyRules__Output | null);
  '_organizationId'?: "organizationId";
}
