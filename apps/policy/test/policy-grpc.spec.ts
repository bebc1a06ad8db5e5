import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentials, loadPackageDefinition, status, type GrpcObject, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import type { CheckRequest, CheckResponse__Output, PolicySnapshot__Output } from '@asc/contracts/policy';
import { admin, healthClient, policyClient, startPolicyService, testPolicyFile, unary, ROOT, type RunningPolicyService } from './support';

describe('policy service over gRPC (separate process, real socket, real Postgres)', () => {
  let service: RunningPolicyService;
  let client: ReturnType<typeof policyClient>;
  let version = 0;

  beforeAll(async () => {
    service = await startPolicyService();
    const applied = await admin<{ appliedVersion: number }>(service, 'POST', '/policy/apply', { file: testPolicyFile() });
    expect(applied.status).toBe(200);
    version = applied.body.appliedVersion;
    client = policyClient(service.grpcAddress);
  });
  afterAll(async () => {
    client?.close();
    await service?.stop();
  });

  const check = (request: CheckRequest) => unary<CheckRequest, CheckResponse__Output>(client.Check.bind(client), request);

  it('allows an approved model, with EU-only candidates, obligations and the policy version', async () => {
    const response = await check({ tenant: 'acme-eu', model: 'gpt-4o-mini', estimatedTokens: 50, requestId: 'r1' });
    expect(response.allowed).toBe(true);
    expect(response.reasons).toEqual([]);
    expect(response.policyVersion).toBe(version);
    expect(response.candidates.map((c) => c.region)).toEqual(['eu-west-1']);
    expect(response.obligations).toMatchObject({ redactions: ['email'], logging: 'LOGGING_LEVEL_METADATA', maxTokens: 0 });
  });

  it('denies a model the tenant may not use (MODEL_NOT_APPROVED)', async () => {
    const response = await check({ tenant: 'acme-us', model: 'gpt-4o-mini' });
    expect(response.allowed).toBe(false);
    expect(response.reasons.map((r) => r.code)).toEqual(['MODEL_NOT_APPROVED']);
    expect(response.candidates).toEqual([]);
  });

  it('denies a region outside the tenant residency (REGION_NOT_ALLOWED)', async () => {
    const response = await check({ tenant: 'acme-eu', model: 'gpt-4o-mini', regionHints: ['us-east-1'] });
    expect(response.allowed).toBe(false);
    expect(response.reasons.map((r) => r.code)).toEqual(['REGION_NOT_ALLOWED']);
  });

  it('blocks a prompt with a card number and redacts an e-mail address', async () => {
    const blocked = await check({ tenant: 'acme-eu', model: 'gpt-4o-mini', prompt: 'card 4111 1111 1111 1111' });
    expect(blocked.reasons.map((r) => r.code)).toEqual(['PII_BLOCKED']);
    const redacted = await check({ tenant: 'acme-eu', model: 'gpt-4o-mini', prompt: 'mail bob@example.com' });
    expect(redacted.obligations?.redactedPrompt).toBe('mail [REDACTED:EMAIL]');
  });

  it('denies once the tenant rate limit is used up (RATE_LIMITED with retry-after)', async () => {
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await check({ tenant: 'tiny', model: 'gpt-4o-mini' }));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    const denied = results[3]!;
    expect(denied.reasons.map((r) => r.code)).toEqual(['RATE_LIMITED']);
    expect(denied.retryAfterMs).toBeGreaterThan(0);
    expect(denied.rateLimits).toEqual([{ scope: 'tenant', dimension: 'requests', limit: 3, remaining: 0, resetMs: expect.any(Number) }]);
  });

  it('answers bad requests with clear status codes', async () => {
    const missing = await check({ tenant: 'acme-eu' }).catch((e: ServiceError) => e);
    expect((missing as ServiceError).code).toBe(status.INVALID_ARGUMENT);
    expect((missing as ServiceError).details).toMatch(/model is required/);
    const unknown = await check({ tenant: 'nobody', model: 'gpt-4o' }).catch((e: ServiceError) => e);
    expect((unknown as ServiceError).code).toBe(status.NOT_FOUND);
    const op = await check({ tenant: 'acme-eu', model: 'gpt-4o', operation: 'images' }).catch((e: ServiceError) => e);
    expect((op as ServiceError).code).toBe(status.INVALID_ARGUMENT);
  });

  it('pushes a policy change through Watch within a second', async () => {
    const stream = client.Watch({ knownVersion: 0 });
    const snapshots: { at: number; snapshot: PolicySnapshot__Output }[] = [];
    stream.on('data', (snapshot: PolicySnapshot__Output) => snapshots.push({ at: Date.now(), snapshot }));
    stream.on('error', () => undefined);
    await expect.poll(() => snapshots.length, { timeout: 5000 }).toBe(1);
    expect(snapshots[0]!.snapshot).toMatchObject({ schemaVersion: 1, version });
    expect(snapshots[0]!.snapshot.tenants.map((t) => t.slug).sort()).toEqual(['acme-eu', 'acme-us', 'tiny']);

    const start = Date.now();
    const changed = await admin<{ appliedVersion: number }>(service, 'POST', '/policy/apply', { file: testPolicyFile({ euRegions: ['eu-west-1'] }) });
    expect(changed.status).toBe(200);
    await expect.poll(() => snapshots.length, { timeout: 1000, interval: 10 }).toBe(2);
    expect(snapshots[1]!.at - start).toBeLessThan(1000);
    expect(snapshots[1]!.snapshot.version).toBe(changed.body.appliedVersion);
    const eu = snapshots[1]!.snapshot.tenants.find((t) => t.slug === 'acme-eu')!;
    expect(eu.rules?.allowedRegions?.values).toEqual(['eu-west-1']);
    stream.cancel();
    // And Check decides with the new version at once.
    expect((await check({ tenant: 'acme-eu', model: 'gpt-4o-mini' })).policyVersion).toBe(changed.body.appliedVersion);
  });

  it('serves grpc.health.v1 and server reflection', async () => {
    const health = healthClient(service.grpcAddress);
    const serving = await unary<{ service: string }, { status: string }>(health.Check.bind(health), { service: 'asc.policy.v1.PolicyService' });
    expect(serving.status).toBe('SERVING');
    const unknown = await unary(health.Check.bind(health), { service: 'nope' }).catch((e: ServiceError) => e);
    expect((unknown as ServiceError).code).toBe(status.NOT_FOUND);
    health.close();

    const reflectionProto = loadSync(join(ROOT, 'node_modules/@grpc/reflection/build/proto/grpc/reflection/v1/reflection.proto'), { keepCase: true });
    const { grpc } = loadPackageDefinition(reflectionProto) as GrpcObject as unknown as {
      grpc: { reflection: { v1: { ServerReflection: new (address: string, creds: ReturnType<typeof credentials.createInsecure>) => { ServerReflectionInfo(): NodeJS.ReadWriteStream & { end(): void; write(m: unknown): boolean }; close(): void } } } };
    };
    const reflection = new grpc.reflection.v1.ServerReflection(service.grpcAddress, credentials.createInsecure());
    const call = reflection.ServerReflectionInfo();
    const reply = new Promise<{ list_services_response: { service: { name: string }[] } }>((resolve, reject) => {
      call.on('data', (message: { list_services_response: { service: { name: string }[] } }) => resolve(message));
      call.on('error', reject);
    });
    call.write({ list_services: '' });
    const names = (await reply).list_services_response.service.map((s) => s.name);
    call.end();
    reflection.close();
    expect(names).toEqual(expect.arrayContaining(['asc.policy.v1.PolicyService', 'envoy.service.auth.v3.Authorization', 'grpc.health.v1.Health']));
  });
});
