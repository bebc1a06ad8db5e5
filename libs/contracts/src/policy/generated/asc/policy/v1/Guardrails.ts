// Original file: proto/policy/v1/policy.proto

import type { PiiRules as _asc_policy_v1_PiiRules, PiiRules__Output as _asc_policy_v1_PiiRules__Output } from '../../../asc/policy/v1/PiiRules';

export interface Guardrails {
  'pii'?: (_asc_policy_v1_PiiRules | null);
  'blockedTerms'?: (string)[];
}

export interface Guardrails__Output {
  'pii': (_asc_policy_v1_PiiRules__Output | null);
  'blockedTerms': (string)[];
}
