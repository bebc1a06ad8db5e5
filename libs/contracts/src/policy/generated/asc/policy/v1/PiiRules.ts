// Original file: proto/policy/v1/policy.proto

import type { PiiAction as _asc_policy_v1_PiiAction, PiiAction__Output as _asc_policy_v1_PiiAction__Output } from '../../../asc/policy/v1/PiiAction';

export interface PiiRules {
  'email'?: (_asc_policy_v1_PiiAction);
  'phone'?: (_asc_policy_v1_PiiAction);
  'card'?: (_asc_policy_v1_PiiAction);
  'iban'?: (_asc_policy_v1_PiiAction);
  'nationalId'?: (_asc_policy_v1_PiiAction);
}

export interface PiiRules__Output {
  'email': (_asc_policy_v1_PiiAction__Output);
  'phone': (_asc_policy_v1_PiiAction__Output);
  'card': (_asc_policy_v1_PiiAction__Output);
  'iban': (_asc_policy_v1_PiiAction__Output);
  'nationalId': (_asc_policy_v1_PiiAction__Output);
}
