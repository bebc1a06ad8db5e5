// Original file: proto/policy/v1/policy.proto

import type { PolicyRules as _asc_policy_v1_PolicyRules, PolicyRules__Output as _asc_policy_v1_PolicyRules__Output } from '../../../asc/policy/v1/PolicyRules';

export interface OrganizationPolicy {
  'id'?: (string);
  'slug'?: (string);
  'rules'?: (_asc_policy_v1_PolicyRules | null);
}

export interface OrganizationPolicy__Output {
  'id': (string);
  'slug': (string);
  'rules': (_asc_policy_v1_PolicyRules__Output | null);
}
