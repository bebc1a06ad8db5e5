// Original file: proto/policy/v1/policy.proto

import type { PolicyRules as _asc_policy_v1_PolicyRules, PolicyRules__Output as _asc_policy_v1_PolicyRules__Output } from '../../../asc/policy/v1/PolicyRules';

export interface KeyPolicy {
  'keyId'?: (string);
  'tenantId'?: (string);
  'rules'?: (_asc_policy_v1_PolicyRules | null);
}

export interface KeyPolicy__Output {
  'keyId': (string);
  'tenantId': (string);
  'rules': (_asc_policy_v1_PolicyRules__Output | null);
}
