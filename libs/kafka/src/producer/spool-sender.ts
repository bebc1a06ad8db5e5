import { CompressionTypes, type Kafka, type Producer } from 'kafkajs';
import { backoffDelay, sleep, type BackoffOptions } from '../backoff';
import type { SpoolBatch, SpoolPosition } from '../spool/disk-spool';
import type { SpooledRecord } from '../spool/record-frame';
import { registerFastGzip } from './fast-gzip';
import { toTopicMessages } from './derive-messages';

/**
 * The sender loop: spool -> Kafka, in spool order. Reads a batch at the cursor, sends it with an idempotent kafkajs
 * producer (acks=all, gzip level 1, key, value and headers handed over as the spool's bytes), then acknowledges it,
 * which persists the cursor. A failed send is retried from the same cursor forever, with backoff and a fresh
 * producer, so a broker outage only grows the spool; a re-send after a crash is harmless (consumers de-duplicate
 * by event id). Runs in the publishing process (ReliableProducer, in-process) or in a shipper process (SpoolShipper).
 */
export interface SpoolSource {
  /** Whether records may be waiting (no I/O). */
  hasData(): boolean;
  /** Whether at least `events` records are known to be waiting; false when not known. */
  hasBacklog(events: number): boolean;
  /** Resolves when `hasData()` may have become true, or when `signal` aborts. */
  waitForData(signal: AbortSignal): Promise<void>;
  read(maxRecords: number, maxBytes: number): Promise<SpoolBatch>;
  ack(next: SpoolPosition, events: number): Promise<void>;
}

export interface SpoolSenderOptions {
  kafka: Kafka;
  /** How long to wait for more events before sending a partial batch. Default 20 ms. */
  lingerMs?: number;
  maxBatchEvents?: number;
  maxBatchBytes?: number;
  /** Backoff between failed sends. Default 200 ms doubling to 10 s. */
  retry?: BackoffOptions;
}

export interface SenderStats {
  sentEvents: number;
  sentBatches: number;
  connected: boolean;
  lastError: { message: string; at: string } | null;
}

export class SpoolSender {
  private producer: Producer | null = null;
  private readonly stop = new AbortController();
  private draining = false;
  private loop: Promise<void> = Promise.resolve();
  private drainedWaiters: Array<() => void> = [];
  private readonly counters = { sentEvents: 0, sentBatches: 0 };
  private lastError: SenderStats['lastError'] = null;

  constructor(
    private readonly source: SpoolSource,
    private readonly options: SpoolSenderOptions,
  ) {}

  start(): void {
    registerFastGzip();
    this.loop = this.run();
  }

  stats(): SenderStats {
    return { ...this.counters, connected: this.producer !== null, lastError: this.lastError };
  }

  /** From now on, send without lingering (shutdown). */
  hurry(): void {
    this.draining = true;
  }

  /** Resolves true once the source has nothing left to send, false after `timeoutMs`. */
  async flush(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const drained = new Promise<boolean>((resolve) => this.drainedWaiters.push(() => resolve(true)));
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const result = await Promise.race([drained, timeout]);
    clearTimeout(timer);
    return result;
  }

  /** Stops after the send in progress; what is not acknowledged stays in the spool. */
  async close(): Promise<void> {
    this.stop.abort();
    await this.producer?.disconnect().catch(() => undefined);
    await this.loop;
    await this.producer?.disconnect().catch(() => undefined);
    this.producer = null;
  }

  private async run(): Promise<void> {
    const { lingerMs = 20, maxBatchEvents = 500, maxBatchBytes = 1 << 20, retry = { initialMs: 200, maxMs: 10_000 } } = this.options;
    const signal = this.stop.signal;
    let failures = 0;
    let lastBatchFull = false;
    while (!signal.aborted) {
      if (!this.source.hasData()) {
        for (const waiter of this.drainedWaiters.splice(0)) waiter();
        await this.source.waitForData(signal);
        continue;
      }
      // Linger so that a burst goes out as one batch; a known backlog, or shutdown, goes at once.
      if (lingerMs > 0 && !lastBatchFull && !this.source.hasBacklog(maxBatchEvents) && !this.draining) await sleep(lingerMs, signal);
      try {
        const batch = await this.source.read(maxBatchEvents, maxBatchBytes);
        if (batch.records.length > 0) await this.send(batch.records);
        await this.source.ack(batch.next, batch.records.length);
        this.counters.sentEvents += batch.records.length;
        if (batch.records.length > 0) this.counters.sentBatches += 1;
        lastBatchFull = batch.records.length >= maxBatchEvents;
        failures = 0;
      } catch (err) {
        lastBatchFull = false;
        this.lastError = { message: err instanceof Error ? err.message : String(err), at: new Date().toISOString() };
        // A fresh producer after a failure: the broker may have restarted and forgotten our producer id.
        const broken = this.producer;
        this.producer = null;
        await broken?.disconnect().catch(() => undefined);
        await sleep(backoffDelay(failures++, retry), signal);
      }
    }
  }

  private async send(records: SpooledRecord[]): Promise<void> {
    const topicMessages = toTopicMessages(records);
    const producer = await this.connectedProducer();
    await producer.sendBatch({ topicMessages, acks: -1, compression: CompressionTypes.GZIP });
  }

  private async connectedProducer(): Promise<Producer> {
    if (this.producer) return this.producer;
    // Few kafkajs retries: our own loop retries forever from the spool, and must stay responsive to close().
    const producer = this.options.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1000 },
    });
    try {
      await producer.connect();
    } catch (err) {
      await producer.disconnect().catch(() => undefined);
      throw err;
    }
    this.producer = producer;
    return producer;
  }
}
