// Runs wrk pinned to a core and parses throughput and latency percentiles.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../wrk-post.lua', import.meta.url));

function toMs(text) {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(text.trim());
  if (!m) return NaN;
  const v = Number(m[1]);
  return m[2] === 'us' ? v / 1000 : m[2] === 'ms' ? v : m[2] === 's' ? v * 1000 : v * 60_000;
}

export function runWrk({ cpu, url, connections, seconds, key, body }) {
  return new Promise((resolve, reject) => {
    execFile(
      'taskset',
      ['-c', String(cpu), 'wrk', '-t1', `-c${connections}`, `-d${seconds}s`, '--latency', '-s', script, url],
      { env: { ...process.env, BENCH_KEY: key, BENCH_BODY: body }, maxBuffer: 1 << 20 },
      (error, stdout) => {
        if (error) return reject(error);
        const requests = Number(/(\d+) requests in/.exec(stdout)?.[1] ?? NaN);
        const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? NaN);
        const p50 = toMs(/\s50%\s+(\S+)/.exec(stdout)?.[1] ?? '');
        const p99 = toMs(/\s99%\s+(\S+)/.exec(stdout)?.[1] ?? '');
        const errors = /Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1];
        const socketErrors = /Socket errors: (.*)/.exec(stdout)?.[1];
        resolve({ requests, rps, p50, p99, non2xx: Number(errors ?? 0), socketErrors: socketErrors ?? null });
      },
    );
  });
}
