// Original file: proto/policy/v1/policy.proto

import type { StringList as _asc_policy_v1_StringList, StringList__Output as _asc_policy_v1_StringList__Output } from '../../../asc/policy/v1/StringList';
import type { RateLimit as _asc_policy_v1_RateLimit, RateLimit__Output as _asc_policy_v1_RateLimit__Output } from '../../../asc/policy/v1/RateLimit';
import type { Guardrails as _asc_policy_v1_Guardrails, Guardrails__Output as _asc_policy_v1_Guardrails__Output } from '../../../asc/policy/v1/Guardrails';
import type { LoggingLevel as _asc_policy_v1_LoggingLevel, LoggingLevel__Output as _asc_policy_v1_LoggingLevel__Output } from '../../../asc/policy/v1/LoggingLevel';

export interface PolicyRules {
  'approvedModels'?: (_asc_policy_v1_StringList | null);
  'allowedRegions'?: (_asc_policy_v1_StringList | null);
  'tenantRateLimit'?: (_asc_policy_v1_RateLimit | null);
  'keyRateLimit'?: (_asc_policy_v1_RateLimit | null);
  'maxTokensPerRequest'?: (number);
  'budgetIds'?: (string)[];
  'guardrails'?: (_asc_policy_v1_Guardrails | null);
  'logging'?: (_asc_policy_v1_LoggingLevel);
  '_maxTokensPerRequest'?: "maxTokensPerRequest";
}

export interface PolicyRules__Output {
  'approvedModels': (_asc_policy_v1_StringList__Output | null);
  'allowedRegions': (_asc_policy_v1_StringList__Output | null);
  'tenantRateLimit': (_asc_policy_v1_RateLimit__Output | null);
  'keyRateLimit': (_asc_policy_v1_RateLimit__Output | null);
  'maxTokensPerRequest'?: (number);
  'budgetIds': (string)[];
  'guardrails': (_asc_policy_v1_Guardrails__Output | null);
  'logging': (_asc_policy_v1_LoggingLevel__Output);
  '_maxTokensPerRequest'?: "maxTokensPerRequest";
}
