/** Test support: a broker on an ephemeral port over a temporary data directory, and kafkajs clients for it. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { BrokerOptions, RunningBroker, startBroker } from '../../src';

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'dev-broker-test-'));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

const quiet = { info: () => undefined, warn: () => undefined, error: (m: string) => process.stderr.write(`${m}\n`) };

export function startTestBroker(dataDir: string, options: Partial<BrokerOptions> = {}): Promise<RunningBroker> {
  return startBroker({ port: 0, dataDir, logger: quiet, ...options });
}

export function kafkaFor(broker: RunningBroker, clientId = 'dev-broker-test'): Kafka {
  return new Kafka({
    clientId,
    brokers: [broker.brokers],
    logLevel: logLevel.NOTHING,
    retry: { retries: 8, initialRetryTime: 100, maxRetryTime: 1000 },
  });
}

export async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
