import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../src/cli-args';

// Spawns the built program: `npm test` builds first (run `npx tsc -b tools/mock-llm` before running this project alone).
const MAIN = resolve(import.meta.dirname, '../dist/main.js');

describe('parseCliArgs', () => {
  it('reads flags over MOCK_LLM_* environment defaults', () => {
    const options = parseCliArgs(
      ['--port', '0', '--latency-ms=5', '--ttft-ms', '20', '--fail-rate', '0.1', '--fail-with', '429,reset,midstream-error'],
      { MOCK_LLM_HOST: '0.0.0.0', MOCK_LLM_LATENCY_MS: '99', MOCK_LLM_OUTPUT_TOKENS: '30' },
    );
    expect(options).toEqual({
      host: '0.0.0.0',
      port: 0,
      defaults: {
        latencyMs: 5,
        ttftMs: 20,
        outputTokens: 30,
        failRate: 0.1,
        failWith: [429, { reset: 'before-headers' }, { midStreamError: true }],
      },
    });
  });

  it('rejects unknown flags and bad numbers', () => {
    expect(() => parseCliArgs(['--nope', '1'], {})).toThrow('unknown flag --nope');
    expect(() => parseCliArgs(['--latency-ms', 'x'], {})).toThrow('non-negative');
    expect(() => parseCliArgs(['--port'], {})).toThrow('needs a value');
  });
});

describe('mock-llm CLI', () => {
  it('prints one line when listening, applies process defaults, and exits cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [MAIN, '--host', '127.0.0.1', '--port', '0', '--output-tokens', '5'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = once(child, 'exit');
    const line = await new Promise<string>((resolveLine, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolveLine(out.trim());
      });
      child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
    });
    const match = /^mock-llm listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
    expect(match).not.toBeNull();
    const url = match?.[1] ?? '';
    const res = await fetch(`${url}/openai/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer k' },
      body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(((await res.json()) as { usage: { completion_tokens: number } }).usage.completion_tokens).toBe(5);
    child.kill('SIGTERM');
    const [code] = await exited;
    expect(code).toBe(0);
  });
});
