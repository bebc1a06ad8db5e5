import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { ShipperStats } from '../src';

/** Real processes for the shipper tests: the built shipper (dist/shipper-main.js) and a writer fixture on dist/. */
export const SHIPPER_MAIN = join(__dirname, '../dist/shipper-main.js');
const WRITER = join(__dirname, 'fixtures/writer.cjs');

export function assertBuilt(): void {
  if (!existsSync(SHIPPER_MAIN)) throw new Error('libs/kafka/dist is missing: run `npx tsc -b libs/kafka` (npm test builds first)');
}

export interface Child {
  child: ChildProcess;
  /** Resolves once the process exited and its output was read: last non-id line, exit code/signal, stderr. */
  done: Promise<string>;
  lines: string[];
}

function run(args: string[], env: NodeJS.ProcessEnv, onLine: (line: string) => void): Child {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  const lines: string[] = [];
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const reader = createInterface({ input: child.stdout! });
  reader.on('line', (line) => {
    onLine(line);
    if (!/^[0-9a-f-]{36}$/.test(line)) lines.push(line);
  });
  const closed = new Promise((resolve) => reader.on('close', resolve));
  const exited = new Promise<string>((resolve) => child.on('exit', (code, signal) => resolve(`code=${code} signal=${signal}`)));
  const done = Promise.all([exited, closed]).then(([exit]) => `${lines[lines.length - 1] ?? ''} ${exit} ${stderr}`.trim());
  return { child, done, lines };
}

/** A writer process (`sender: 'external'`); collects the ids it reports durable. */
export function startWriter(args: { dir: string; count: number; prefix: string; mode: 'flush' | 'exit' }, ids: string[]): Child {
  return run([WRITER, args.dir, String(args.count), args.prefix, args.mode], {}, (line) => {
    if (/^[0-9a-f-]{36}$/.test(line)) ids.push(line);
  });
}

export interface ShipperChild extends Child {
  /** Resolves with the metrics base URL once the `running` line is printed; rejects if the process exits first. */
  running: Promise<string>;
  stats: () => Promise<ShipperStats>;
}

export function startShipper(dir: string, brokers: string, extraArgs: string[] = []): ShipperChild {
  let url = '';
  let onRunning: (url: string) => void = () => undefined;
  const child = run(
    [SHIPPER_MAIN, '--spool-dir', dir, '--metrics-port', '0', '--linger-ms', '5', '--stats-interval-ms', '0', '--retry-max-ms', '1000', ...extraArgs],
    { KAFKA_BROKERS: brokers, KAFKA_CONNECTION_TIMEOUT_MS: '1000', KAFKA_REQUEST_TIMEOUT_MS: '5000' },
    (line) => {
      const match = /^spool-shipper running: .* metrics=(\S+)\/metrics$/.exec(line);
      if (match?.[1]) onRunning((url = match[1]));
    },
  );
  const running = new Promise<string>((resolve, reject) => {
    onRunning = resolve;
    void child.done.then((how) => reject(new Error(`shipper exited before running: ${how}`)));
  });
  running.catch(() => undefined);
  return {
    ...child,
    running,
    stats: async () => (await (await fetch(`${url}/stats`)).json()) as ShipperStats,
  };
}
