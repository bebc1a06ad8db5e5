// Original file: proto/policy/v1/policy.proto

import type { LoggingLevel as _asc_policy_v1_LoggingLevel, LoggingLevel__Output as _asc_policy_v1_LoggingLevel__Output } from '../../../asc/policy/v1/LoggingLevel';

export interface Obligations {
  'redactions'?: (string)[];
  'maxTokens'?: (number);
  'logging'?: (_asc_policy_v1_LoggingLevel);
  'budgetIds'?: (string)[];
  'redactedPrompt'?: (string);
}

export interface Obligations__Output {
  'redactions': (string)[];
  'maxTokens': (number);
  'logging': (_asc_policy_v1_LoggingLevel__Output);
  'budgetIds': (string)[];
  'redactedPrompt': (string);
}
