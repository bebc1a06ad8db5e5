/** The built CLI (dist/main.js): one line when listening, serves clients, exits 0 on SIGTERM. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Kafka, logLevel } from 'kafkajs';
import { removeDir, tempDataDir } from './support/broker-fixture';

const MAIN = new URL('../dist/main.js', import.meta.url).pathname;

describe('dev-broker CLI', () => {
  const dataDir = tempDataDir();
  afterAll(() => removeDir(dataDir));

  it('prints its address, serves kafkajs, and shuts down cleanly on SIGTERM', async () => {
    expect(existsSync(MAIN), 'build first: npx tsc -b tools/dev-broker').toBe(true);
    const child = spawn(process.execPath, [MAIN, '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    const firstLine = await new Promise<string>((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
    const match = /^dev-broker listening on (127\.0\.0\.1:\d+) /.exec(firstLine);
    expect(match, firstLine).not.toBeNull();

    const kafka = new Kafka({ brokers: [match?.[1] as string], logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    const [res] = await producer.send({ topic: 'cli', messages: [{ value: 'hello' }] });
    await producer.disconnect();
    expect(res?.errorCode).toBe(0);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(join(dataDir, '.clean-shutdown'))).toBe(true);
    expect(existsSync(join(dataDir, 'topics.json'))).toBe(true);
  });
});
