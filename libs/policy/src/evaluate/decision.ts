import type { LoggingLevel__Output } from '@asc/contracts/policy';
import type { RateLimitBucket } from '../rate-limit/rate-limiter';

/** Machine-readable deny reasons (SCREAMING_SNAKE, stable: clients and dashboards match on them). */
export const REASON_CODES = [
  'INVALID_REQUEST',
  'TENANT_NOT_FOUND',
  'TENANT_SUSPENDED',
  'MODEL_NOT_FOUND',
  'MODEL_NOT_APPROVED',
  'OPERATION_NOT_SUPPORTED',
  'REGION_NOT_ALLOWED',
  'MAX_TOKENS_EXCEEDED',
  'BUDGET_EXHAUSTED',
  'PII_BLOCKED',
  'BLOCKED_TERM',
  'RATE_LIMITED',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export interface Reason {
  code: ReasonCode;
  message: string;
}

/** A deployment the caller may use, in the order to try them. Never outside the tenant's residency. */
export interface Candidate {
  deploymentId: string;
  model: string;
  provider: string;
  upstreamModel: string;
  region: string;
  priority: number;
}

export interface Obligations {
  /** PII kinds the caller must redact before the text leaves: email, phone, card, iban, national_id. */
  redactions: readonly string[];
  /** 0 = no limit; otherwise clamp the request's completion tokens to it. */
  maxTokens: number;
  logging: LoggingLevel__Output;
  budgetIds: readonly string[];
  /** The prompt with redactions applied, when one was sent and something was redacted; '' otherwise. */
  redactedPrompt: string;
}

export interface RateLimitStatus {
  scope: string;
  dimension: string;
  limit: number;
  remaining: number;
  resetMs: number;
}

export type Operation = 'chat' | 'embeddings';

export interface PolicyRequest {
  /** Tenant id or slug. */
  tenant: string;
  keyId?: string | undefined;
  model: string;
  /** Regions the caller requires; each must lie inside the tenant's residency. */
  regionHints?: readonly string[] | undefined;
  /** Prompt + requested completion tokens; 0 or absent = unknown. */
  estimatedTokens?: number | undefined;
  operation?: Operation | undefined;
  /** Optional text to run the guardrails on. */
  prompt?: string | undefined;
}

/**
 * The answer to a request. Field names match `asc.policy.v1.CheckResponse`, so a Decision is sent over gRPC as is.
 * `rateLimitBuckets` lists what the request would charge; `decide()` charges them.
 */
export interface Decision {
  allowed: boolean;
  reasons: Reason[];
  candidates: readonly Candidate[];
  obligations: Obligations;
  policyVersion: number;
  rateLimits: RateLimitStatus[];
  retryAfterMs: number;
  tenantId: string;
  keyId: string;
  rateLimitBuckets: readonly RateLimitBucket[];
}
