import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(__dirname, '../../..');

export interface ServiceProcess {
  child: ChildProcess;
  /** The first capture group of each ready pattern, in order. */
  matches: string[];
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts a built service (`apps/<name>/dist/main.js`) as its own process with exactly `env` (plus PATH) and resolves
 * once every `ready` pattern has matched its output (services log the addresses they bound).
 */
export function startServiceProcess(entry: string, env: Record<string, string>, ready: readonly RegExp[]): Promise<ServiceProcess> {
  const child = spawn(process.execPath, [join(ROOT, entry)], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(force);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${entry} did not start:\n${output}`));
    }, 40_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const matches = ready.map((pattern) => pattern.exec(output)?.[1]);
      if (matches.every((m) => m !== undefined)) {
        clearTimeout(timer);
        resolve({ child, matches: matches as string[], output: () => output, stop });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited with ${code}:\n${output}`));
    });
  });
}

/** One sample of a Prometheus text exposition, e.g. `metric(text, 'x_total{a="b"}')`; undefined when absent. */
export function metricValue(text: string, sample: string): number | undefined {
  const escaped = sample.replace(/[{}"()[\]|.+*?^$\\]/g, (c) => `\\${c}`);
  const match = new RegExp(`^${escaped} (\\S+)$`, 'm').exec(text);
  return match ? Number(match[1]) : undefined;
}

export async function poll<T>(read: () => Promise<T>, until: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (until(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms; last value: ${JSON.stringify(value).slice(0, 2000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
