import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluate } from '@asc/policy';
import { PolicyWatcher } from '@asc/policy/watch';
import { admin, startPolicyService, testPolicyFile, type RunningPolicyService } from './support';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The gateway-side client of Watch: local evaluation from a snapshot that follows every change. */
describe('PolicyWatcher (@asc/policy/watch)', () => {
  let service: RunningPolicyService | undefined;
  let watcher: PolicyWatcher | undefined;
  afterAll(async () => {
    await watcher?.close();
    await service?.stop();
  });

  it('waits for a policy service that starts later, then follows changes within a second', async () => {
    const port = await freePort();
    const errors: Error[] = [];
    const updates: number[] = [];
    const starting = PolicyWatcher.start({ address: `127.0.0.1:${port}`, minBackoffMs: 100, maxBackoffMs: 500, readyTimeoutMs: 60_000, onError: (e) => errors.push(e), onUpdate: (s) => updates.push(s.version) });
    service = await startPolicyService({ ASC_POLICY_GRPC_PORT: String(port) });
    watcher = await starting;
    expect(errors.length).toBeGreaterThan(0); // it retried while nothing listened
    expect(watcher.version).toBe(0);
    expect(evaluate(watcher.current, { tenant: 'acme-eu', model: 'gpt-4o-mini' }).reasons.map((r) => r.code)).toEqual(['TENANT_NOT_FOUND']);

    const applied = await admin<{ appliedVersion: number }>(service, 'POST', '/policy/apply', { file: testPolicyFile() });
    // Within a second of the apply's commit (the poll fails after 1000 ms).
    await expect.poll(() => watcher!.version, { timeout: 1000, interval: 10 }).toBe(applied.body.appliedVersion);
    const decision = evaluate(watcher.current, { tenant: 'acme-eu', model: 'gpt-4o-mini' });
    expect(decision.allowed).toBe(true);
    expect(decision.candidates.map((c) => c.region)).toEqual(['eu-west-1']);
    expect(updates.at(-1)).toBe(applied.body.appliedVersion);
  });
});
