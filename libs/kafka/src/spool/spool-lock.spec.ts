import { spawnSync } from 'node:child_process';
import { readFileSync, readlinkSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SpoolLock, SpoolLockedError } from './spool-lock';

/** A pid that existed and is gone: a child that already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

const ownLock = () => ({
  pid: process.pid,
  startTime: readFileSync(`/proc/${process.pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[19] ?? null,
  pidNs: readlinkSync('/proc/self/ns/pid'),
  host: hostname(),
});

describe('SpoolLock', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'asc-lock-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a second holder of the same role while the first lives, and allows it after release', async () => {
    const first = await SpoolLock.acquire(dir, 'shipper');
    const error = await SpoolLock.acquire(dir, 'shipper').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpoolLockedError);
    expect(error).toMatchObject({ role: 'shipper', certain: true, code: 'SPOOL_LOCKED' });
    expect((error as Error).message).toMatch(/already has a live shipper \(pid \d+ on .+\)/);
    expect(await SpoolLock.holder(dir, 'shipper')).toMatch(new RegExp(`pid ${process.pid}`));
    const writer = await SpoolLock.acquire(dir, 'writer'); // roles are independent
    await first.release();
    expect(await SpoolLock.holder(dir, 'shipper')).toBeNull();
    const second = await SpoolLock.acquire(dir, 'shipper');
    await second.release();
    await writer.release();
    expect(await readdir(dir)).toEqual([]);
  });

  it('takes over the lock of a dead process at once (same pid namespace: judged by pid and start time)', async () => {
    await writeFile(join(dir, 'shipper.lock'), JSON.stringify({ ...ownLock(), pid: deadPid() }));
    expect(await SpoolLock.holder(dir, 'shipper')).toBeNull();
    const lock = await SpoolLock.acquire(dir, 'shipper');
    expect(await SpoolLock.holder(dir, 'shipper')).toMatch(new RegExp(`pid ${process.pid}`));
    await lock.release();
  });

  it('treats a reused pid (same pid, other start time) as dead', async () => {
    await writeFile(join(dir, 'writer.lock'), JSON.stringify({ ...ownLock(), startTime: '1' }));
    const lock = await SpoolLock.acquire(dir, 'writer');
    await lock.release();
  });

  it('judges a holder in another pid namespace by its heartbeat: fresh is held, stale is taken over', async () => {
    const foreign = { pid: 1, startTime: '100', pidNs: 'pid:[1]', host: 'other-container' };
    await writeFile(join(dir, 'shipper.lock'), JSON.stringify(foreign));
    const error = await SpoolLock.acquire(dir, 'shipper', { staleMs: 5000, waitMs: 0 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'SpoolLockedError', certain: false });
    // waitMs: keeps trying while the holder may be dead, and gets it once the heartbeat is stale.
    const waited = Date.now();
    const lock = await SpoolLock.acquire(dir, 'shipper', { staleMs: 300, waitMs: 2000 });
    expect(Date.now() - waited).toBeLessThan(2000);
    await lock.release();

    await writeFile(join(dir, 'shipper.lock'), JSON.stringify(foreign));
    const old = new Date(Date.now() - 60_000);
    await utimes(join(dir, 'shipper.lock'), old, old);
    const taken = await SpoolLock.acquire(dir, 'shipper');
    expect((await readdir(dir)).sort()).toEqual(['shipper.lock']); // the stale file moved aside was removed
    await taken.release();
  });

  it('keeps its own heartbeat fresh, so a holder in another namespace is not taken for dead', async () => {
    const lock = await SpoolLock.acquire(dir, 'writer', { heartbeatMs: 50 });
    const old = new Date(Date.now() - 60_000);
    await utimes(join(dir, 'writer.lock'), old, old);
    await new Promise((r) => setTimeout(r, 150));
    const { mtimeMs } = await stat(join(dir, 'writer.lock'));
    expect(Date.now() - mtimeMs).toBeLessThan(1000);
    await lock.release();
  });
});
