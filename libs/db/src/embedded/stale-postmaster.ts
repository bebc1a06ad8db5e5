import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Deals with a `postmaster.pid` left in a data directory by an earlier run whose parent was killed (-9): the
 * embedded Postgres then keeps running as an orphan, holding the data directory and the port. If that
 * postmaster is alive we shut it down (fast shutdown, then SIGKILL), otherwise we remove the stale lock file
 * so a recycled pid cannot block the next start.
 */
export async function clearStalePostmaster(dataDir: string, log: (line: string) => void): Promise<void> {
  const lockFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(lockFile)) return;
  const pid = Number.parseInt(readFileSync(lockFile, 'utf8').split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0 || !isPostmasterOf(pid, dataDir)) {
    rmSync(lockFile, { force: true });
    return;
  }
  log(`stopping orphaned postmaster ${pid} on ${dataDir}`);
  signal(pid, 'SIGINT');
  if (await waitForExit(pid, 15_000)) return;
  signal(pid, 'SIGKILL');
  if (!(await waitForExit(pid, 5_000))) throw new Error(`Orphaned postmaster ${pid} on ${dataDir} does not exit.`);
  rmSync(lockFile, { force: true });
}

function isPostmasterOf(pid: number, dataDir: string): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // Linux: make sure the pid is really a postgres serving this directory, not a recycled pid.
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return cmdline.some((arg) => arg.endsWith('postgres')) && cmdline.includes(dataDir);
  } catch {
    return true;
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}
