import { describe, expect, it } from 'vitest';
import { compileSnapshot, decide, evaluate, MemoryRateLimiter, rateLimitHeaders, UnsupportedSnapshotError } from '../index';
import { demoSnapshot, snapshotFixture } from '../testing/snapshot-fixture';

const ids = (d: { candidates: readonly { deploymentId: string }[] }) => d.candidates.map((c) => c.deploymentId);
const codes = (d: { reasons: { code: string }[] }) => d.reasons.map((r) => r.code);

describe('evaluate', () => {
  const snapshot = compileSnapshot(demoSnapshot({ version: 42 }));

  it('allows an approved model and names the policy version, obligations and candidates in order', () => {
    const decision = evaluate(snapshot, { tenant: 'acme-eu', model: 'gpt-4o-mini', estimatedTokens: 100 });
    expect(decision.allowed).toBe(true);
    expect(decision.reasons).toEqual([]);
    expect(decision.policyVersion).toBe(42);
    expect(decision.tenantId).toBe('t-eu');
    expect(ids(decision)).toEqual(['d-eu-mini', 'd-eu-mini-2']);
    expect(decision.obligations).toMatchObject({ redactions: ['email', 'iban'], maxTokens: 8000, logging: 'LOGGING_LEVEL_METADATA', budgetIds: ['acme-eu-monthly'] });
  });

  it('never offers an EU-pinned tenant a non-EU deployment, also not as a fallback', () => {
    for (const model of ['gpt-4o-mini', 'claude-sonnet']) {
      const decision = evaluate(snapshot, { tenant: 't-eu', model });
      expect(decision.allowed).toBe(true);
      expect(decision.candidates.length).toBeGreaterThan(0);
      for (const c of decision.candidates) expect(c.region.startsWith('eu-')).toBe(true);
    }
    // The US tenant gets the US deployment only.
    expect(ids(evaluate(snapshot, { tenant: 'acme-us', model: 'claude-sonnet' }))).toEqual(['d-us-claude']);
  });

  it('denies a model the tenant policy does not approve (MODEL_NOT_APPROVED)', () => {
    const decision = evaluate(snapshot, { tenant: 'acme-us', model: 'gpt-4o-mini' });
    expect(decision.allowed).toBe(false);
    expect(codes(decision)).toEqual(['MODEL_NOT_APPROVED']);
    expect(decision.candidates).toEqual([]);
  });

  it('denies a model not approved by the organization even though a deployment exists', () => {
    expect(codes(evaluate(snapshot, { tenant: 'acme-eu', model: 'llama-3' }))).toEqual(['MODEL_NOT_APPROVED']);
  });

  it('denies an unknown model and an unknown tenant', () => {
    expect(codes(evaluate(snapshot, { tenant: 'acme-eu', model: 'nope' }))).toEqual(['MODEL_NOT_FOUND']);
    expect(codes(evaluate(snapshot, { tenant: 'ghost', model: 'gpt-4o' }))).toEqual(['TENANT_NOT_FOUND']);
  });

  it('denies a region hint outside residency and one without deployments (REGION_NOT_ALLOWED)', () => {
    expect(codes(evaluate(snapshot, { tenant: 'acme-eu', model: 'gpt-4o-mini', regionHints: ['us-east-1'] }))).toEqual(['REGION_NOT_ALLOWED']);
    expect(codes(evaluate(snapshot, { tenant: 'acme-eu', model: 'gpt-4o-mini', regionHints: ['eu-north-1'] }))).toEqual(['REGION_NOT_ALLOWED']);
    expect(ids(evaluate(snapshot, { tenant: 'acme-eu', model: 'gpt-4o-mini', regionHints: ['eu-central'] }))).toEqual(['d-eu-mini-2']);
  });

  it('denies an approved model with no deployment inside residency', () => {
    expect(codes(evaluate(snapshot, { tenant: 'acme-eu', model: 'gpt-4o' }))).toEqual(['REGION_NOT_ALLOWED']);
  });

  it('reports every applicable reason: max tokens and an exhausted budget', () => {
    const exhausted = compileSnapshot(demoSnapshot({ exhaustedBudgetIds: ['acme-eu-monthly'] }));
    const decision = evaluate(exhausted, { tenant: 'acme-eu', model: 'gpt-4o-mini', estimatedTokens: 9000 });
    expect(codes(decision)).toEqual(['MAX_TOKENS_EXCEEDED', 'BUDGET_EXHAUSTED']);
  });

  it('runs guardrails on a prompt: redacts, blocks PII and blocked terms', () => {
    const redacted = evaluate(snapshot, { tenant: 'acme-eu', model: 'gpt-4o-mini', prompt: 'Mail jane.doe@example.com about DE89 3704 0044 0532 0130 00.' });
    expect(redacted.allowed).toBe(true);
    expect(redacted.obligations.redactedPrompt).toBe('Mail [REDACTED:EMAIL] about [REDACTED:IBAN].');
    const blocked = evaluate(snapshot, { tenant: 'acme-eu', model: 'gpt-4o-mini', prompt: 'Charge 4111 1111 1111 1111 please' });
    expect(codes(blocked)).toEqual(['PII_BLOCKED']);
    const terms = compileSnapshot(demoSnapshot({ platform: { guardrails: { blockedTerms: ['Project Falcon'] } } }));
    expect(codes(evaluate(terms, { tenant: 'acme-us', model: 'gpt-4o', prompt: 'status of project  falcon?' }))).toEqual(['BLOCKED_TERM']);
    expect(evaluate(terms, { tenant: 'acme-us', model: 'gpt-4o', prompt: 'status of project falconry' }).allowed).toBe(true);
  });

  it('gives a key with its own rules a narrower view, never a wider one', () => {
    const keyed = compileSnapshot(
      demoSnapshot({ keys: [{ keyId: 'k1', tenantId: 't-us', policy: { approvedModels: ['claude-sonnet', 'gpt-4o-mini'], maxTokensPerRequest: 100_000 } }] }),
    );
    expect(codes(evaluate(keyed, { tenant: 't-us', keyId: 'k1', model: 'gpt-4o' }))).toEqual(['MODEL_NOT_APPROVED']);
    expect(codes(evaluate(keyed, { tenant: 't-us', keyId: 'k1', model: 'gpt-4o-mini' }))).toEqual(['MODEL_NOT_APPROVED']);
    const allowed = evaluate(keyed, { tenant: 't-us', keyId: 'k1', model: 'claude-sonnet' });
    expect(allowed.allowed).toBe(true);
    expect(allowed.obligations.maxTokens).toBe(8000);
    expect(codes(evaluate(keyed, { tenant: 't-eu', keyId: 'k1', model: 'gpt-4o-mini' }))).toEqual(['INVALID_REQUEST']);
  });

  it('denies a suspended tenant', () => {
    const suspended = compileSnapshot(snapshotFixture({ tenants: [{ id: 't', slug: 't', active: false }], deployments: [{ id: 'd', model: 'm', region: 'eu' }] }));
    expect(codes(evaluate(suspended, { tenant: 't', model: 'm' }))).toEqual(['TENANT_SUSPENDED']);
  });

  it('refuses a snapshot schema it does not know', () => {
    expect(() => compileSnapshot({ ...demoSnapshot(), schemaVersion: 2 })).toThrow(UnsupportedSnapshotError);
  });
});

describe('decide (rate limits)', () => {
  it('charges tenant and key buckets and turns an exhausted bucket into RATE_LIMITED with headers', async () => {
    const snapshot = compileSnapshot(
      demoSnapshot({ tenants: [{ id: 't', slug: 't', policy: { rateLimits: { tenant: { requestsPerMinute: 3, tokensPerMinute: 1000 }, key: { requestsPerMinute: 2 } } } }], deployments: [{ id: 'd', model: 'm', region: 'eu' }] }),
    );
    const limiter = new MemoryRateLimiter({ now: () => 1_000_000 });



    const a = await decide(snapshot, { tenant: 't', keyId: 'a', model: 'm', estimatedTokens: 10 }, limiter);
    const b = await decide(snapshot, { tenant: 't', keyId: 'a', model: 'm', estimatedTokens: 10 }, limiter);
    const c = await decide(snapshot, { tenant: 't', keyId: 'a', model: 'm', estimatedTokens: 10 }, limiter);
    expect([a.allowed, b.allowed, c.allowed]).toEqual([true, true, false]);
    expect(codes(c)).toEqual(['RATE_LIMITED']);
    expect(c.retryAfterMs).toBe(30_000);
    expect(rateLimitHeaders(c)).toEqual({
      'x-ratelimit-limit-requests': '2',
      'x-ratelimit-remaining-requests': '0',
      'x-ratelimit-reset-requests': '60s',
      'x-ratelimit-limit-tokens': '1000',
      'x-ratelimit-remaining-tokens': '980',
      'x-ratelimit-reset-tokens': '2s',
      'retry-after': '30',
    });
    // Another key of the same tenant still has key capacity, and the tenant's third request fits; the fourth does not.
    expect((await decide(snapshot, { tenant: 't', keyId: 'b', model: 'm', estimatedTokens: 10 }, limiter)).allowed).toBe(true);
    expect(codes(await decide(snapshot, { tenant: 't', keyId: 'b', model: 'm', estimatedTokens: 10 }, limiter))).toEqual(['RATE_LIMITED']);
  });

  it('denies a request whose tokens exceed the per-minute token limit outright', async () => {
    const snapshot = compileSnapshot(snapshotFixture({ tenants: [{ id: 't', slug: 't', policy: { rateLimits: { tenant: { tokensPerMinute: 100 } } } }], deployments: [{ id: 'd', model: 'm', region: 'eu' }] }));
    const decision = await decide(snapshot, { tenant: 't', model: 'm', estimatedTokens: 101 }, new MemoryRateLimiter());
    expect(codes(decision)).toEqual(['RATE_LIMITED']);
    expect(decision.retryAfterMs).toBe(60_000);
  });
});
