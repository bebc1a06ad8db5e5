import { spawn, type ChildProcess } from 'node:child_process';

/**
 * One supervised service process. Its output is prefixed with its name; if it dies unexpectedly the whole
 * system stops (a half-running control plane is worse than a clear failure).
 */
export class ServiceProcess {
  private child: ChildProcess | undefined;
  private stopping = false;

  constructor(
    readonly name: string,
    private readonly entry: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly onUnexpectedExit: (name: string, code: number | null) => void,
    private readonly args: readonly string[] = [],
  ) {}

  start(): void {
    const child = spawn(process.execPath, [this.entry, ...this.args], { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const prefix = `[${this.name}] `;
    const forward = (stream: NodeJS.WritableStream) => (data: Buffer) => {
      for (const line of data.toString('utf8').split('\n')) if (line.trim()) stream.write(prefix + line + '\n');
    };
    child.stdout?.on('data', forward(process.stdout));
    child.stderr?.on('data', forward(process.stderr));
    child.on('exit', (code) => {
      if (!this.stopping) this.onUnexpectedExit(this.name, code);
    });
  }

  /** Synchronous last resort from a process 'exit' hook: whatever else exits us, no child is left behind. */
  killNow(): void {
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    this.stopping = true;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

/** Polls `url` until it answers 2xx, or fails after `timeoutMs`. */
export async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
      lastError = `HTTP ${response.status}`;
    } catch (error) {
      lastError = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not become ready within ${timeoutMs} ms (${lastError})`);
}
