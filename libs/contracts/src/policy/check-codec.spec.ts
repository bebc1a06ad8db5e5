import { describe, expect, it } from 'vitest';
import { loadPolicyProto, POLICY_PROTO_FILE, PROTO_ROOT, withCompiledCheckCodec, type CheckResponse } from './index';

describe('withCompiledCheckCodec', () => {
  const loader = loadPolicyProto().asc.policy.v1.PolicyService.service;
  const compiled = withCompiledCheckCodec(loader, PROTO_ROOT, POLICY_PROTO_FILE);

  it('reads a request the way the loader does, unset fields as defaults', () => {
    const bytes = loader.Check.requestSerialize({ tenant: 'acme-eu', model: 'gpt-4o-mini', regionHints: ['eu', 'eu-west-1'], estimatedTokens: 900, requestId: 'r-1' });
    const fast = compiled.Check.requestDeserialize(bytes);
    const reference = loader.Check.requestDeserialize(bytes);
    for (const field of ['tenant', 'keyId', 'model', 'regionHints', 'estimatedTokens', 'operation', 'prompt', 'requestId'] as const) {
      expect(fast[field]).toEqual(reference[field]);
    }
    expect(fast.keyId).toBe('');
  });

  it('writes a response the loader reads back unchanged, logging level included', () => {
    const response: CheckResponse = {
      allowed: true,
      reasons: [],
      candidates: [{ deploymentId: 'd-1', model: 'gpt-4o-mini', provider: 'openai', upstreamModel: 'gpt-4o-mini-2024', region: 'eu-west-1', priority: -2 }],
      obligations: { redactions: ['email'], maxTokens: 4096, logging: 'LOGGING_LEVEL_METADATA', budgetIds: ['b-1'], redactedPrompt: 'hi [EMAIL]' },
      policyVersion: 12_345_678_901,
      rateLimits: [{ scope: 'tenant', dimension: 'requests', limit: 100, remaining: 99, resetMs: 600 }],
      retryAfterMs: 0,
      tenantId: 't-1',
    };
    const fast = loader.Check.responseDeserialize(compiled.Check.responseSerialize(response));
    expect(fast).toEqual(loader.Check.responseDeserialize(loader.Check.responseSerialize(response)));
    expect(fast.obligations?.logging).toBe('LOGGING_LEVEL_METADATA');
    expect(fast.policyVersion).toBe(12_345_678_901);
    const denied = loader.Check.responseDeserialize(compiled.Check.responseSerialize({ allowed: false, reasons: [{ code: 'MODEL_NOT_APPROVED', message: 'no' }], obligations: null }));
    expect(denied).toMatchObject({ allowed: false, reasons: [{ code: 'MODEL_NOT_APPROVED', message: 'no' }], candidates: [] });
  });

  it('leaves the other methods as they were', () => {
    expect(compiled.Watch).toBe(loader.Watch);
  });
});
