/**
 * CLI flags (and MOCK_LLM_* environment defaults) of the mock process:
 *   --host H  --port N  --latency-ms N  --ttft-ms N  --inter-chunk-ms N  --output-tokens N  --chunks N
 *   --cached-input-tokens N  --fail-rate R  --fail-with 429,503,reset  --seed N
 * Flags win over environment variables (MOCK_LLM_HOST, MOCK_LLM_PORT, MOCK_LLM_LATENCY_MS, ...).
 */
import type { Behavior, FailureMode } from './types';

export interface CliOptions {
  host: string;
  port: number;
  defaults: Behavior;
}

const NUMERIC: Record<string, keyof Behavior> = {
  'latency-ms': 'latencyMs',
  'ttft-ms': 'ttftMs',
  'inter-chunk-ms': 'interChunkMs',
  'output-tokens': 'outputTokens',
  chunks: 'chunks',
  'cached-input-tokens': 'cachedInputTokens',
  'fail-rate': 'failRate',
  seed: 'seed',
};

function failMode(token: string): FailureMode {
  if (token === 'reset') return { reset: 'before-headers' };
  if (token === 'reset-mid') return { reset: 'after-first-chunk' };
  if (token === 'stall') return { stall: 'before-headers' };
  if (token === 'midstream-error') return { midStreamError: true };
  const status = Number(token);
  if (!Number.isInteger(status)) throw new Error(`--fail-with: unknown failure "${token}"`);
  return status;
}

function envName(flag: string): string {
  return `MOCK_LLM_${flag.toUpperCase().replace(/-/g, '_')}`;
}

export function parseCliArgs(argv: string[], env: NodeJS.ProcessEnv): CliOptions {
  const values = new Map<string, string>();
  for (const flag of ['host', 'port', 'fail-with', ...Object.keys(NUMERIC)]) {
    const fromEnv = env[envName(flag)];
    if (fromEnv !== undefined && fromEnv !== '') values.set(flag, fromEnv);
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) throw new Error(`unexpected argument "${arg}"`);
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    const value = eq < 0 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined) throw new Error(`--${name} needs a value`);
    values.set(name, value);
  }
  const defaults: Behavior = {};
  let host = '127.0.0.1';
  let port = 8090;
  for (const [name, value] of values) {
    if (name === 'host') host = value;
    else if (name === 'port') port = Number(value);
    else if (name === 'fail-with') defaults.failWith = value.split(',').map((t) => failMode(t.trim()));
    else {
      const key = NUMERIC[name];
      const n = Number(value);
      if (!key) throw new Error(`unknown flag --${name}`);
      if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number`);
      (defaults as Record<string, number>)[key] = n;
    }
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port must be 0..65535');
  if (defaults.failRate !== undefined && !defaults.failWith) defaults.failWith = [500];
  return { host, port, defaults };
}
