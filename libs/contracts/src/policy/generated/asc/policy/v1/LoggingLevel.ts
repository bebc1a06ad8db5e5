// Original file: proto/policy/v1/policy.proto

export const LoggingLevel = {
  LOGGING_LEVEL_UNSPECIFIED: 'LOGGING_LEVEL_UNSPECIFIED',
  LOGGING_LEVEL_FULL: 'LOGGING_LEVEL_FULL',
  LOGGING_LEVEL_METADATA: 'LOGGING_LEVEL_METADATA',
  LOGGING_LEVEL_NONE: 'LOGGING_LEVEL_NONE',
} as const;

export type LoggingLevel =
  | 'LOGGING_LEVEL_UNSPECIFIED'
  | 0
  | 'LOGGING_LEVEL_FULL'
  | 1
  | 'LOGGING_LEVEL_METADATA'
  | 2
  | 'LOGGING_LEVEL_NONE'
  | 3

export type LoggingLevel__Output = typeof LoggingLevel[keyof typeof LoggingLevel]
