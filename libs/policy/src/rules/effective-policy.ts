/**
 * A policy resolved through its layers (platform → organization → tenant → key): every field has a concrete value.
 * Built off the hot path when a snapshot is compiled; evaluation only reads it.
 */
export const PII_KINDS = ['email', 'phone', 'card', 'iban', 'national_id'] as const;
export type PiiKind = (typeof PII_KINDS)[number];

/** In order of strictness: a later layer may only move right. */
export const PII_ACTIONS = ['off', 'redact', 'block'] as const;
export type PiiActionName = (typeof PII_ACTIONS)[number];

/** In order of restriction: `full` may log prompts and completions, `metadata` only metadata, `none` nothing. */
export const LOGGING_LEVELS = ['full', 'metadata', 'none'] as const;
export type LoggingLevelName = (typeof LOGGING_LEVELS)[number];

export interface RateLimitPair {
  requestsPerMinute: number | null;
  tokensPerMinute: number | null;
}

export interface EffectivePolicy {
  /** null = every model; otherwise model names, aliases or `provider/upstream-model`. */
  approvedModels: ReadonlySet<string> | null;
  /** null = every region; entries cover themselves and their sub-regions (`eu` covers `eu-west-1`). */
  allowedRegions: readonly string[] | null;
  tenantRateLimit: RateLimitPair;
  keyRateLimit: RateLimitPair;
  maxTokensPerRequest: number | null;
  budgetIds: readonly string[];
  pii: Readonly<Record<PiiKind, PiiActionName>>;
  blockedTerms: readonly string[];
  logging: LoggingLevelName;
}

/** The root every platform policy narrows: nothing restricted. */
export const UNRESTRICTED_POLICY: EffectivePolicy = Object.freeze<EffectivePolicy>({
  approvedModels: null,
  allowedRegions: null,
  tenantRateLimit: { requestsPerMinute: null, tokensPerMinute: null },
  keyRateLimit: { requestsPerMinute: null, tokensPerMinute: null },
  maxTokensPerRequest: null,
  budgetIds: [],
  pii: { email: 'off', phone: 'off', card: 'off', iban: 'off', national_id: 'off' },
  blockedTerms: [],
  logging: 'full',
});
