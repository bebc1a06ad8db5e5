import { readFileSync, readlinkSync } from 'node:fs';
import { link, open, readFile, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';

/**
 * One live process per role (`writer`, `shipper`) and spool directory, through a lock file `<role>.lock` created
 * with O_EXCL and holding {pid, startTime, pidNs, host}. Whether its holder lives is decided:
 * - in the same host and pid namespace, by /proc/<pid>/stat with the same start time (immediate after kill -9,
 *   safe against pid reuse and against a restarted container that is pid 1 again);
 * - otherwise (sidecar containers have separate pid namespaces but share the spool volume), by a heartbeat: the
 *   holder touches the file every `heartbeatMs`; a file untouched for `staleMs` belongs to a dead holder.
 * A stale lock is moved aside with rename(2), which only one contender can do to a given file; a contender that
 * moved a fresh lock by mistake (it was replaced in between) puts it back with link(2), which never overwrites.
 */
export type SpoolRole = 'writer' | 'shipper';

export interface SpoolLockOptions {
  /** A heartbeat-judged lock untouched this long is stale. Default 5000 ms. */
  staleMs?: number;
  heartbeatMs?: number;
  /**
   * Keep retrying while the holder can only be judged by heartbeat (it may be dead), up to this long. Default
   * `staleMs` + 2 s, so a container restarted at once waits out its predecessor's heartbeat instead of failing.
   */
  waitMs?: number;
}

interface LockOwner {
  pid: number;
  startTime: string | null;
  pidNs: string | null;
  host: string;
}

export class SpoolLockedError extends Error {
  readonly code = 'SPOOL_LOCKED';
  constructor(
    readonly dir: string,
    readonly role: SpoolRole,
    readonly holder: string,
    /** False when the holder was judged only by a recent heartbeat: it may have died moments ago. */
    readonly certain: boolean,
  ) {
    super(`spool ${dir} already has a live ${role} (${holder}); only one ${role} process may use a spool directory`);
    this.name = 'SpoolLockedError';
  }
}

const self: LockOwner = { pid: process.pid, startTime: startTimeOf(process.pid), pidNs: pidNamespace(), host: hostname() };

export class SpoolLock {
  private readonly timer: NodeJS.Timeout;
  private released = false;

  private constructor(
    private readonly path: string,
    private readonly handle: FileHandle,
    heartbeatMs: number,
    private readonly ino: number,
  ) {
    this.timer = setInterval(() => void this.beat(), heartbeatMs);
    this.timer.unref();
  }

  static async acquire(dir: string, role: SpoolRole, options: SpoolLockOptions = {}): Promise<SpoolLock> {
    const { staleMs = 5000, heartbeatMs = 1000, waitMs = staleMs + 2000 } = options;
    const path = lockPath(dir, role);
    const deadline = Date.now() + waitMs;
    for (;;) {
      try {
        const handle = await open(path, 'wx');
        await handle.writeFile(JSON.stringify(self));
        return new SpoolLock(path, handle, heartbeatMs, (await handle.stat()).ino);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const seen = await readLock(path);
      if (seen === null) continue; // released in between
      const verdict = judge(seen, staleMs);
      if (verdict !== 'dead') {
        if (verdict === 'maybe' && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, Math.min(heartbeatMs, 200)));
          continue;
        }
        throw new SpoolLockedError(dir, role, describe(seen.owner), verdict === 'alive');
      }
      await breakStale(path, seen.raw);
    }
  }

  /** The live holder of `role` on `dir`, or null (used by a shipper to tell whether the writer is gone). */
  static async holder(dir: string, role: SpoolRole, staleMs = 5000): Promise<string | null> {
    const seen = await readLock(lockPath(dir, role));
    return seen && judge(seen, staleMs) !== 'dead' ? describe(seen.owner) : null;
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    clearInterval(this.timer);
    // Only remove the file if it is still ours (a lock broken as stale may have been taken by someone else).
    if ((await stat(this.path).catch(() => null))?.ino === this.ino) await rm(this.path, { force: true });
    await this.handle.close();
  }

  private async beat(): Promise<void> {
    if (this.released) return;
    const now = new Date();
    await this.handle.utimes(now, now).catch(() => undefined);
  }
}

function lockPath(dir: string, role: SpoolRole): string {
  return join(dir, `${role}.lock`);
}

async function readLock(path: string): Promise<{ raw: Buffer; owner: LockOwner | null; mtimeMs: number } | null> {
  try {
    const [raw, info] = await Promise.all([readFile(path), stat(path)]);
    let owner: LockOwner | null = null;
    try {
      owner = JSON.parse(raw.toString('utf8')) as LockOwner;
    } catch {
      owner = null; // being written by its creator right now, or garbage: judged by age
    }
    return { raw, owner, mtimeMs: info.mtimeMs };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

function judge(seen: { owner: LockOwner | null; mtimeMs: number }, staleMs: number): 'alive' | 'maybe' | 'dead' {
  const { owner } = seen;
  if (owner && owner.host === self.host && owner.pidNs !== null && owner.pidNs === self.pidNs && Number.isInteger(owner.pid)) {
    const start = startTimeOf(owner.pid);
    return start !== null && start === owner.startTime ? 'alive' : 'dead';
  }
  return Date.now() - seen.mtimeMs < staleMs ? 'maybe' : 'dead';
}

async function breakStale(path: string, staleContent: Buffer): Promise<void> {
  const aside = `${path}.stale-${randomBytes(6).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  const moved = await readFile(aside);
  if (!moved.equals(staleContent)) await link(aside, path).catch(() => undefined); // a fresh lock: put it back
  await rm(aside, { force: true });
}

function describe(owner: LockOwner | null): string {
  return owner ? `pid ${owner.pid} on ${owner.host}` : 'a process starting up';
}

/** Field 22 of /proc/<pid>/stat (start time in clock ticks since boot); null where there is no procfs. */
function startTimeOf(pid: number): string | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = fields.slice(fields.lastIndexOf(')') + 2).split(' ');
    return rest[0] === 'Z' ? null : (rest[19] ?? null); // a zombie is dead for our purpose
  } catch {
    return null;
  }
}

function pidNamespace(): string | null {
  try {
    return readlinkSync('/proc/self/ns/pid');
  } catch {
    return null;
  }
}
