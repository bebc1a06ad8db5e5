import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnvoyCheckRequest, EnvoyCheckResponse__Output } from '@asc/contracts/policy';
import { admin, envoyClient, startPolicyService, testPolicyFile, unary, type RunningPolicyService } from './support';

/** An Envoy-style ext_authz v3 client (built from proto/envoy, which envoy-proto-compat.spec checks against upstream). */
describe('envoy.service.auth.v3.Authorization/Check', () => {
  let service: RunningPolicyService;
  let client: ReturnType<typeof envoyClient>;

  beforeAll(async () => {
    service = await startPolicyService();
    expect((await admin(service, 'POST', '/policy/apply', { file: testPolicyFile() })).status).toBe(200);
    client = envoyClient(service.grpcAddress);
  });
  afterAll(async () => {
    client?.close();
    await service?.stop();
  });

  const check = (headers: Record<string, string>, extra: { body?: string; contextExtensions?: Record<string, string> } = {}) =>
    unary<EnvoyCheckRequest, EnvoyCheckResponse__Output>(client.Check.bind(client), {
      attributes: {
        request: { http: { id: 'req-1', method: 'POST', path: '/v1/chat/completions', host: 'llm.internal', headers, ...(extra.body ? { body: extra.body } : {}) } },
        contextExtensions: extra.contextExtensions ?? {},
      },
    });

  it('allows an approved request: status OK, ok_response with decision headers', async () => {
    const response = await check({ 'x-asc-tenant': 'acme-eu', 'x-asc-model': 'gpt-4o-mini' });
    expect(response.status?.code).toBe(0);
    expect(response.httpResponse).toBe('okResponse');
    const headers = Object.fromEntries(response.okResponse!.headers.map((h) => [h.header!.key, h.header!.value]));
    expect(headers).toMatchObject({ 'x-asc-logging': 'LOGGING_LEVEL_METADATA', 'x-asc-redact': 'email' });
    expect(Number(headers['x-asc-policy-version'])).toBeGreaterThan(0);
    expect(response.okResponse!.headersToRemove).toEqual(['x-asc-key-id']);
  });

  it('denies an unapproved model with 403 and a JSON body naming the reason', async () => {
    const response = await check({ 'x-asc-model': 'gpt-4o-mini', 'content-type': 'application/json' }, { contextExtensions: { asc_tenant: 'acme-us' } });
    expect(response.status?.code).toBe(7); // PERMISSION_DENIED
    expect(response.httpResponse).toBe('deniedResponse');
    expect(response.deniedResponse!.status?.code).toBe('Forbidden');
    expect(JSON.parse(response.deniedResponse!.body)).toMatchObject({ error: { code: 'MODEL_NOT_APPROVED', reasons: ['MODEL_NOT_APPROVED'] } });
  });

  it('reads the model and the prompt from a JSON body and blocks PII the policy blocks', async () => {
    const body = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'charge 4111 1111 1111 1111' }] });
    const response = await check({ 'x-asc-tenant': 'acme-eu', 'content-type': 'application/json' }, { body });
    expect(response.status?.code).toBe(7);
    expect(JSON.parse(response.deniedResponse!.body).error.code).toBe('PII_BLOCKED');
  });

  it('denies a region outside residency, and rate limits with 429 and retry-after', async () => {
    const region = await check({ 'x-asc-tenant': 'acme-eu', 'x-asc-model': 'gpt-4o-mini', 'x-asc-region': 'us-east-1' });
    expect(JSON.parse(region.deniedResponse!.body).error.code).toBe('REGION_NOT_ALLOWED');
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await check({ 'x-asc-tenant': 'tiny', 'x-asc-model': 'gpt-4o-mini' }));
    expect(results.map((r) => r.status?.code)).toEqual([0, 0, 0, 8]);
    const limited = results[3]!;
    expect(limited.deniedResponse!.status?.code).toBe('TooManyRequests');
    const headers = Object.fromEntries(limited.deniedResponse!.headers.map((h) => [h.header!.key, h.header!.value]));
    expect(headers).toMatchObject({ 'x-ratelimit-limit-requests': '3', 'x-ratelimit-remaining-requests': '0', 'retry-after': expect.stringMatching(/^\d+$/) });
  });

  it('answers a request without tenant with 400 and an unknown tenant with 403', async () => {
    const missing = await check({ 'x-asc-model': 'gpt-4o-mini' });
    expect([missing.status?.code, missing.deniedResponse!.status?.code]).toEqual([3, 'BadRequest']);
    const unknown = await check({ 'x-asc-tenant': 'who', 'x-asc-model': 'gpt-4o-mini' });
    expect([unknown.status?.code, unknown.deniedResponse!.status?.code]).toEqual([7, 'Forbidden']);
  });
});
