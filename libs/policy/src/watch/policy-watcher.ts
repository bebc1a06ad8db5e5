import { credentials, status, type ClientReadableStream, type ServiceError } from '@grpc/grpc-js';
import { loadPolicyProto, type PolicyServiceClient, type PolicySnapshot__Output } from '@asc/contracts/policy';
import { compileSnapshot, type CompiledSnapshot } from '../evaluate/compile-snapshot';

/**
 * `@asc/policy/watch`: keeps a compiled policy snapshot current from the policy service's `Watch` stream, so a
 * gateway evaluates every request locally (`evaluate(watcher.current, …)`) without a network call. Reconnects with
 * backoff whenever the stream ends or fails; keeps serving the last good snapshot meanwhile, and also when a
 * snapshot's schema is newer than this build understands (UnsupportedSnapshotError, reported via onError: rolling
 * upgrades). One per process; `current` is swapped atomically and never mutated.
 */
export interface PolicyWatcherOptions {
  /** host:port of the policy service's gRPC listener. */
  address: string;
  /** Called on stream failures and unusable snapshots; the watcher keeps retrying. */
  onError?: (error: Error) => void;
  /** Called after each new snapshot is installed. */
  onUpdate?: (snapshot: CompiledSnapshot) => void;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** `start` rejects when no snapshot arrived in this time. Default 10 s. */
  readyTimeoutMs?: number;
}

export class PolicyWatcher {
  private snapshot: CompiledSnapshot | undefined;
  private stream: ClientReadableStream<PolicySnapshot__Output> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private backoff: number;
  private closed = false;
  private firstSnapshot: () => void = () => undefined;

  private constructor(
    private readonly client: PolicyServiceClient,
    private readonly options: PolicyWatcherOptions,
  ) {
    this.backoff = options.minBackoffMs ?? 200;
  }

  /** Connects and resolves with the watcher once the first snapshot is installed. */
  static async start(options: PolicyWatcherOptions): Promise<PolicyWatcher> {
    const Service = loadPolicyProto().asc.policy.v1.PolicyService;
    const client = new Service(options.address, credentials.createInsecure(), { 'grpc.keepalive_time_ms': 30_000, 'grpc.keepalive_timeout_ms': 10_000 });
    const watcher = new PolicyWatcher(client, options);
    const timeoutMs = options.readyTimeoutMs ?? 10_000;
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no policy snapshot from ${options.address} within ${timeoutMs} ms`)), timeoutMs);
      watcher.firstSnapshot = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    watcher.connect();
    try {
      await ready;
    } catch (error) {
      await watcher.close();
      throw error;
    }
    return watcher;
  }

  /** The compiled snapshot to evaluate against. */
  get current(): CompiledSnapshot {
    return this.snapshot!;
  }

  get version(): number {
    return this.snapshot?.version ?? 0;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.stream?.cancel();
    this.client.close();
  }

  private connect(): void {
    if (this.closed) return;
    const stream = this.client.Watch({ knownVersion: 0 });
    this.stream = stream;
    stream.on('data', (wire: PolicySnapshot__Output) => this.install(wire));
    stream.on('error', (error: ServiceError) => {
      if (!(this.closed && error.code === status.CANCELLED)) this.options.onError?.(error);
    });
    // 'close' follows both a server end and an error: one reconnect per stream.
    stream.on('close', () => {
      if (this.stream === stream) this.scheduleReconnect();
    });
  }

  private install(wire: PolicySnapshot__Output): void {
    try {
      this.snapshot = compileSnapshot(wire);
    } catch (error) {
      this.options.onError?.(error as Error);
      return;
    }
    this.backoff = this.options.minBackoffMs ?? 200;
    this.firstSnapshot();
    this.options.onUpdate?.(this.snapshot);
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.connect();
    }, this.backoff);
    this.backoff = Math.min(this.backoff * 2, this.options.maxBackoffMs ?? 5_000);
  }
}
