// Original file: proto/policy/v1/policy.proto

export const PiiAction = {
  PII_ACTION_UNSPECIFIED: 'PII_ACTION_UNSPECIFIED',
  PII_ACTION_OFF: 'PII_ACTION_OFF',
  PII_ACTION_REDACT: 'PII_ACTION_REDACT',
  PII_ACTION_BLOCK: 'PII_ACTION_BLOCK',
} as const;

export type PiiAction =
  | 'PII_ACTION_UNSPECIFIED'
  | 0
  | 'PII_ACTION_OFF'
  | 1
  | 'PII_ACTION_REDACT'
  | 2
  | 'PII_ACTION_BLOCK'
  | 3

export type PiiAction__Output = typeof PiiAction[keyof typeof PiiAction]
