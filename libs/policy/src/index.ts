export { PII_KINDS, PII_ACTIONS, LOGGING_LEVELS, UNRESTRICTED_POLICY, type EffectivePolicy, type PiiKind, type PiiActionName, type LoggingLevelName, type RateLimitPair } from './rules/effective-policy';
export { narrow, findWidening, loggingEnum, loggingName, piiActionEnum, piiActionName } from './rules/narrow';
export { regionCovers, regionAllowed, intersectRegions } from './rules/regions';
export { policyDocumentSchema, toWireRules, type PolicyDocument } from './rules/policy-document';
export { CompiledGuardrails, type GuardrailResult } from './guardrails/guardrails';
export { findPii, type Span } from './guardrails/pii-detectors';
export { luhnValid, ibanChecksumValid, IBAN_LENGTHS } from './guardrails/checksums';
export { CompiledSnapshot, compileSnapshot, UnsupportedSnapshotError, type PolicyView, type ModelRoute } from './evaluate/compile-snapshot';
export { evaluate, decide, applyRateLimit } from './evaluate/evaluate';
export { REASON_CODES, type ReasonCode, type Reason, type Candidate, type Obligations, type RateLimitStatus, type Operation, type PolicyRequest, type Decision } from './evaluate/decision';
export {
  WINDOW_MS, bucketKey, rateLimitHeaders,
  type RateLimiter, type RateLimitBucket, type RateLimitResult, type BucketState, type RateLimitScope, type RateLimitDimension,
} from './rate-limit/rate-limiter';
export { MemoryRateLimiter } from './rate-limit/memory-rate-limiter';
export { toDecisionAuditEvent, type DecisionRecord } from './audit/decision-audit-event';
