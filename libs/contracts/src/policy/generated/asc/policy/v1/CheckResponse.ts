// Original file: proto/policy/v1/policy.proto

import type { Reason as _asc_policy_v1_Reason, Reason__Output as _asc_policy_v1_Reason__Output } from '../../../asc/policy/v1/Reason';
import type { Candidate as _asc_policy_v1_Candidate, Candidate__Output as _asc_policy_v1_Candidate__Output } from '../../../asc/policy/v1/Candidate';
import type { Obligations as _asc_policy_v1_Obligations, Obligations__Output as _asc_policy_v1_Obligations__Output } from '../../../asc/policy/v1/Obligations';
import type { RateLimitStatus as _asc_policy_v1_RateLimitStatus, RateLimitStatus__Output as _asc_policy_v1_RateLimitStatus__Output } from '../../../asc/policy/v1/RateLimitStatus';
import type { Long } from '@grpc/proto-loader';

export interface CheckResponse {
  'allowed'?: (boolean);
  'reasons'?: (_asc_policy_v1_Reason)[];
  'candidates'?: (_asc_policy_v1_Candidate)[];
  'obligations'?: (_asc_policy_v1_Obligations | null);
  'policyVersion'?: (number | string | Long);
  'rateLimits'?: (_asc_policy_v1_RateLimitStatus)[];
  'retryAfterMs'?: (number);
  'tenantId'?: (string);
}

export interface CheckResponse__Output {
  'allowed': (boolean);
  'reasons': (_asc_policy_v1_Reason__Output)[];
  'candidates': (_asc_policy_v1_Candidate__Output)[];
  'obligations': (_asc_policy_v1_Obligations__Output | null);
  'policyVersion': (number);
  'rateLimits': (_asc_policy_v1_RateLimitStatus__Output)[];
  'retryAfterMs': (number);
  'tenantId': (string);
}
