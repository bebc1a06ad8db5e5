import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckRequest, CheckResponse__Output } from '@asc/contracts/policy';
import { admin, policyClient, startPolicyService, testPolicyFile, unary, type RunningPolicyService } from './support';

const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/** Two policy service replicas sharing Redis hold one tenant limit between them (it does not double). */
describe('rate limits across replicas (Redis)', () => {
  let first: RunningPolicyService;
  let second: RunningPolicyService;

  beforeAll(async () => {
    first = await startPolicyService({ REDIS_URL });
    second = await startPolicyService({ REDIS_URL }, { shareDatabaseOf: first });
    expect((await admin(first, 'POST', '/policy/apply', { file: testPolicyFile() })).status).toBe(200);
  });
  afterAll(async () => {
    await second?.stop();
    await first?.stop();
  });

  it('lets through exactly the tenant limit (3/min) across both replicas', async () => {
    // The second replica hears the applied change through NOTIFY.
    await expect.poll(async () => (await admin<{ version: number } | null>(second, 'GET', '/policy/snapshot')).body?.version ?? 0, { timeout: 5000 }).toBeGreaterThan(0);
    const clients = [policyClient(first.grpcAddress), policyClient(second.grpcAddress)];
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => unary<CheckRequest, CheckResponse__Output>(clients[i % 2]!.Check.bind(clients[i % 2]), { tenant: 'tiny', model: 'gpt-4o-mini' })),
    );
    for (const c of clients) c.close();
    expect(results.filter((r) => r.allowed)).toHaveLength(3);
    expect(new Set(results.filter((r) => !r.allowed).flatMap((r) => r.reasons.map((x) => x.code)))).toEqual(new Set(['RATE_LIMITED']));
  });
});
