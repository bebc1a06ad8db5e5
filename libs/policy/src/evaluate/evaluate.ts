import { regionAllowed, regionCovers } from '../rules/regions';
import { bucketKey, type RateLimitBucket, type RateLimiter, type RateLimitResult } from '../rate-limit/rate-limiter';
import type { CompiledSnapshot, PolicyView } from './compile-snapshot';
import type { Candidate, Decision, Obligations, PolicyRequest, Reason } from './decision';

const NO_REDACTIONS: readonly string[] = Object.freeze([]);
const NO_BUCKETS: readonly RateLimitBucket[] = Object.freeze([]);

/**
 * The one decision function, used by the policy service for `Check` and by the gateway on its local snapshot.
 * Pure and synchronous: rate limits are not charged here (see `decide`), only listed in `rateLimitBuckets`.
 * Every applicable reason is reported, not only the first.
 */
export function evaluate(snapshot: CompiledSnapshot, request: PolicyRequest): Decision {
  const view = snapshot.view(request.tenant, request.keyId);
  if (view === undefined) {
    const known = snapshot.view(request.tenant, undefined);
    return denied(snapshot.version, known?.tenantId ?? '', request.keyId ?? '', known
      ? { code: 'INVALID_REQUEST', message: `Key '${request.keyId}' does not belong to tenant '${request.tenant}'.` }
      : { code: 'TENANT_NOT_FOUND', message: `Tenant '${request.tenant}' does not exist.` });
  }
  if (!view.active) {
    return denied(snapshot.version, view.tenantId, view.keyId, { code: 'TENANT_SUSPENDED', message: `Tenant '${view.tenantSlug}' is suspended.` });
  }
  const policy = view.policy;
  const operation = request.operation ?? 'chat';
  const route = view.routes[operation].get(request.model);
  if (route === undefined) {
    const other = view.routes[operation === 'chat' ? 'embeddings' : 'chat'].get(request.model);
    return denied(snapshot.version, view.tenantId, view.keyId, other
      ? { code: 'OPERATION_NOT_SUPPORTED', message: `The model '${request.model}' does not support ${operation}.` }
      : { code: 'MODEL_NOT_FOUND', message: `The model '${request.model}' does not exist or is not available to this tenant.` });
  }

  const reasons: Reason[] = [];
  let candidates: readonly Candidate[] = route.candidates;
  if (route.approved === 0) {
    reasons.push({ code: 'MODEL_NOT_APPROVED', message: `The model '${request.model}' is not approved by the tenant's policy.` });
  } else if (candidates.length === 0) {
    reasons.push({ code: 'REGION_NOT_ALLOWED', message: `No deployment of '${request.model}' lies in the allowed regions (${(policy.allowedRegions ?? []).join(', ')}).` });
  }
  const hints = request.regionHints;
  if (hints !== undefined && hints.length > 0) {
    const outside = hints.filter((h) => !regionAllowed(policy.allowedRegions, h));
    if (outside.length > 0) {
      reasons.push({ code: 'REGION_NOT_ALLOWED', message: `Region(s) ${outside.join(', ')} are outside the tenant's residency (${(policy.allowedRegions ?? []).join(', ')}).` });
    } else if (candidates.length > 0) {
      candidates = candidates.filter((c) => hints.some((h) => regionCovers(h, c.region)));
      if (candidates.length === 0) reasons.push({ code: 'REGION_NOT_ALLOWED', message: `No deployment of '${request.model}' in region(s) ${hints.join(', ')}.` });
    }
  }
  const tokens = request.estimatedTokens ?? 0;
  const maxTokens = policy.maxTokensPerRequest;
  if (maxTokens !== null && tokens > maxTokens) {
    reasons.push({ code: 'MAX_TOKENS_EXCEEDED', message: `The request needs about ${tokens} tokens; the policy allows ${maxTokens} per request.` });
  }
  if (view.exhaustedBudget !== null) {
    reasons.push({ code: 'BUDGET_EXHAUSTED', message: `Budget '${view.exhaustedBudget}' is exhausted.` });
  }
  let redactedPrompt = '';
  if (request.prompt !== undefined && request.prompt.length > 0 && view.guardrails.active) {
    const scan = view.guardrails.scan(request.prompt);
    if (scan.blocked?.code === 'PII_BLOCKED') reasons.push({ code: 'PII_BLOCKED', message: `The prompt contains PII (${scan.blocked.kind}) that the policy blocks.` });
    else if (scan.blocked?.code === 'BLOCKED_TERM') reasons.push({ code: 'BLOCKED_TERM', message: 'The prompt contains a blocked term.' });
    else if (scan.text !== null) redactedPrompt = scan.text;
  }

  const allowed = reasons.length === 0;
  return {
    allowed,
    reasons,
    candidates: allowed ? candidates : [],
    obligations: obligationsOf(view, redactedPrompt),
    policyVersion: snapshot.version,
    rateLimits: [],
    retryAfterMs: 0,
    tenantId: view.tenantId,
    keyId: view.keyId || (request.keyId ?? ''),
    rateLimitBuckets: allowed ? bucketsOf(view, request.keyId, tokens) : NO_BUCKETS,
  };
}

/** `evaluate`, then charge the rate limits of an allowed request; a limit hit turns it into RATE_LIMITED. */
export async function decide(snapshot: CompiledSnapshot, request: PolicyRequest, limiter: RateLimiter): Promise<Decision> {
  const decision = evaluate(snapshot, request);
  if (decision.rateLimitBuckets.length === 0) return decision;
  return applyRateLimit(decision, await limiter.consume(decision.rateLimitBuckets));
}

export function applyRateLimit(decision: Decision, result: RateLimitResult): Decision {
  decision.rateLimits = result.buckets;
  if (!result.allowed) {
    const tight = result.buckets.filter((b) => b.remaining === 0 || b.resetMs > 0).map((b) => `${b.scope} ${b.dimension} per minute: ${b.limit}`);
    decision.allowed = false;
    decision.candidates = [];
    decision.retryAfterMs = result.retryAfterMs;
    decision.reasons.push({ code: 'RATE_LIMITED', message: `Rate limit exceeded (${tight.join('; ')}); retry in ${Math.ceil(result.retryAfterMs / 1000)}s.` });
  }
  return decision;
}

function obligationsOf(view: PolicyView, redactedPrompt: string): Obligations {
  return {
    redactions: view.guardrails.redactions.length === 0 ? NO_REDACTIONS : view.guardrails.redactions,
    maxTokens: view.policy.maxTokensPerRequest ?? 0,
    logging: view.logging,
    budgetIds: view.policy.budgetIds,
    redactedPrompt,
  };
}

function bucketsOf(view: PolicyView, keyId: string | undefined, tokens: number): readonly RateLimitBucket[] {
  const { tenantRateLimit: t, keyRateLimit: k } = view.policy;
  if (t.requestsPerMinute === null && t.tokensPerMinute === null && (!keyId || (k.requestsPerMinute === null && k.tokensPerMinute === null))) return NO_BUCKETS;
  const buckets: RateLimitBucket[] = [];
  if (t.requestsPerMinute !== null) buckets.push({ key: bucketKey('tenant', view.tenantId, 'requests'), scope: 'tenant', dimension: 'requests', limit: t.requestsPerMinute, cost: 1 });
  if (t.tokensPerMinute !== null && tokens > 0) buckets.push({ key: bucketKey('tenant', view.tenantId, 'tokens'), scope: 'tenant', dimension: 'tokens', limit: t.tokensPerMinute, cost: tokens });
  if (keyId) {
    if (k.requestsPerMinute !== null) buckets.push({ key: bucketKey('key', keyId, 'requests'), scope: 'key', dimension: 'requests', limit: k.requestsPerMinute, cost: 1 });
    if (k.tokensPerMinute !== null && tokens > 0) buckets.push({ key: bucketKey('key', keyId, 'tokens'), scope: 'key', dimension: 'tokens', limit: k.tokensPerMinute, cost: tokens });
  }
  return buckets;
}

function denied(version: number, tenantId: string, keyId: string, reason: Reason): Decision {
  return {
    allowed: false,
    reasons: [reason],
    candidates: [],
    obligations: { redactions: NO_REDACTIONS, maxTokens: 0, logging: 'LOGGING_LEVEL_NONE', budgetIds: [], redactedPrompt: '' },
    policyVersion: version,
    rateLimits: [],
    retryAfterMs: 0,
    tenantId,
    keyId,
    rateLimitBuckets: NO_BUCKETS,
  };
}
