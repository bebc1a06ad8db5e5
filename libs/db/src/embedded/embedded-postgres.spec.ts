import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../index';

// Slow: initdb plus several server starts (about 5-15 s on two cores).
const root = mkdtempSync(join(tmpdir(), 'asc-embedded-pg-'));
// As root the server runs as `postgres`, which must be able to enter the directory.
chmodSync(root, 0o755);
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function scalar(url: string, sql: string): Promise<unknown> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return Object.values((await client.query(sql)).rows[0] ?? {})[0];
  } finally {
    await client.end();
  }
}

describe('startEmbeddedPostgres (slow)', () => {
  it('initialises, creates the asc database, serves queries, stops, and restarts on the same data', async () => {
    const dataDir = join(root, 'data');
    const port = await freePort();
    const first = await startEmbeddedPostgres({ dataDir, port });
    try {
      expect(first.databaseUrl).toBe(`postgresql://postgres:asc-local@127.0.0.1:${port}/asc`);
      expect(await scalar(first.databaseUrl, 'SELECT current_database()')).toBe('asc');
      await scalar(first.databaseUrl, 'CREATE TABLE kept (v int)');
      await scalar(first.databaseUrl, 'INSERT INTO kept VALUES (42)');
    } finally {
      await first.stop();
    }
    await expect(scalar(first.databaseUrl, 'SELECT 1')).rejects.toThrow();

    const second = await startEmbeddedPostgres({ dataDir, port });
    try {
      expect(await scalar(second.databaseUrl, 'SELECT v FROM kept')).toBe(42);
    } finally {
      await second.stop();
    }
  }, 120_000);

  it('takes over from an orphaned postmaster left by a parent killed with SIGKILL', async () => {
    const dataDir = join(root, 'orphan');
    const port = await freePort();
    // A separate Node process starts the cluster from the built package, then kills itself with -9.
    const script = `
      const { startEmbeddedPostgres } = require(${JSON.stringify(join(__dirname, '..', '..', 'dist', 'index.js'))});
      startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, port: ${port} })
        .then(() => process.kill(process.pid, 'SIGKILL'), (e) => { console.error(e); process.exit(3); });`;
    const child = spawn(process.execPath, ['-e', script], { stdio: 'inherit' });
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, sig) => resolve(sig)));
    expect(signal).toBe('SIGKILL');
    const orphanPid = Number.parseInt(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0] ?? '', 10);
    expect(() => process.kill(orphanPid, 0)).not.toThrow();

    const next = await startEmbeddedPostgres({ dataDir, port });
    try {
      expect(() => process.kill(orphanPid, 0)).toThrow();
      expect(await scalar(next.databaseUrl, 'SELECT 1 AS one')).toBe(1);
    } finally {
      await next.stop();
    }
  }, 120_000);

  it('throws with the server log when it cannot start (port taken)', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    try {
      await expect(startEmbeddedPostgres({ dataDir: join(root, 'data'), port: address.port, startTimeoutMs: 30_000 }))
        .rejects.toThrow(/failed to start/);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  }, 120_000);
});
