import { CompressionTypes, type Kafka, type Message, type Producer, type TopicMessages } from 'kafkajs';
import { eventHeaders, validateEvent, type EventContract, type EventInputOf, type TraceContext } from '@asc/contracts/events';
import { backoffDelay, sleep, type BackoffOptions } from '../backoff';
import { ProducerClosedError, SpoolFullError } from '../errors';
import { DiskSpool } from '../spool/disk-spool';
import type { SpooledRecord } from '../spool/record-frame';
import { registerFastGzip } from './fast-gzip';
import { ShedTally } from './shed-audit';

/**
 * Publishes contract events without ever blocking the caller on Kafka.
 *
 * publish -> validate -> append to the on-disk spool (batched write) -> sender loop reads the spool in order ->
 * idempotent kafkajs producer, gzip, acks=all -> cursor advances. When Kafka is down the spool grows; when it is back
 * the spool drains in order; after a restart the spool replays whatever was not acknowledged (consumers de-duplicate
 * by event id, so a re-send is harmless). One instance per spool directory; create it with `ReliableProducer.start`.
 */
export type SpoolFullPolicy = 'fail-closed' | 'shed';
export type PublishOutcome = 'spooled' | 'shed';

export interface ReliableProducerOptions {
  kafka: Kafka;
  spool: { dir: string; maxBytes: number; segmentBytes?: number };
  /** `fail-closed`: publish rejects with SpoolFullError. `shed`: the event is dropped, counted and audited. */
  onSpoolFull: SpoolFullPolicy;
  /** How long the sender waits for more events before sending a partial batch. Default 20 ms. */
  lingerMs?: number;
  maxBatchEvents?: number;
  maxBatchBytes?: number;
  /** Backoff between failed sends. Default 200 ms doubling to 10 s. */
  retry?: BackoffOptions;
  /** In `shed` mode, emit one `audit.recorded.v1` (kind `spool.shed`) per interval naming this service. */
  shedAudit?: { serviceId: string; intervalMs?: number };
}

export interface PublishOptions {
  headers?: Record<string, string>;
  trace?: TraceContext;
}

export interface ProducerStats {
  spooledEvents: number;
  sentEvents: number;
  shedEvents: number;
  rejectedEvents: number;
  shedAuditEvents: number;
  spoolDepthEvents: number;
  spoolDepthBytes: number;
  spoolMaxBytes: number;
  connected: boolean;
  lastError: { message: string; at: string } | null;
}

export class ReliableProducer {
  private producer: Producer | null = null;
  private closing = false;
  private readonly stop = new AbortController();
  private readonly counters = { spooledEvents: 0, sentEvents: 0, shedEvents: 0, rejectedEvents: 0, shedAuditEvents: 0 };
  private lastError: ProducerStats['lastError'] = null;
  private readonly shed = new ShedTally();
  private shedTimer: NodeJS.Timeout | null = null;
  private lastShedAuditAt = 0;
  private loop: Promise<void> = Promise.resolve();
  private drainedWaiters: Array<() => void> = [];
  /** The spool's write promise of the current event-loop turn, and the one `spooled` promise derived from it. */
  private lastWrite: Promise<void> | null = null;
  private lastSpooled: Promise<PublishOutcome> = Promise.resolve('spooled');

  private constructor(
    private readonly options: ReliableProducerOptions,
    private readonly spool: DiskSpool,
  ) {}

  static async start(options: ReliableProducerOptions): Promise<ReliableProducer> {
    registerFastGzip();
    const spool = await DiskSpool.open(options.spool);
    const producer = new ReliableProducer(options, spool);
    producer.loop = producer.run();
    return producer;
  }

  /**
   * Returns at once. The promise resolves when the event is in the spool (it survives a process kill from then on)
   * with `spooled`, or `shed` if it was dropped; it rejects with EventValidationError for an invalid event and with
   * SpoolFullError when full in `fail-closed` mode. Fire-and-forget callers may ignore it: rejections are pre-handled.
   */
  publish<C extends EventContract>(contract: C, event: EventInputOf<C>, options?: PublishOptions): Promise<PublishOutcome> {
    return this.accept(contract, event, options);
  }

  /** False while a `fail-closed` producer's spool is full: the gateway can refuse requests before doing work. */
  accepting(): boolean {
    return !this.closing && (this.options.onSpoolFull === 'shed' || this.spool.hasRoom(this.spool.largestFrame));
  }

  stats(): ProducerStats {
    const depth = this.spool.depth();
    return {
      ...this.counters,
      spoolDepthEvents: depth.events,
      spoolDepthBytes: depth.bytes,
      spoolMaxBytes: this.options.spool.maxBytes,
      connected: this.producer !== null,
      lastError: this.lastError,
    };
  }

  /** Resolves true once the spool is empty (everything accepted so far is in Kafka), false after `timeoutMs`. */
  async flush(timeoutMs = 30_000): Promise<boolean> {
    await this.spool.flushWrites();
    if (this.spool.writtenEvents() === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const drained = new Promise<boolean>((resolve) => this.drainedWaiters.push(() => resolve(true)));
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const result = await Promise.race([drained, timeout]);
    clearTimeout(timer);
    return result;
  }

  /** Stops accepting, tries to send what the spool holds for up to `timeoutMs`, then stops; the rest stays spooled. */
  async close({ timeoutMs = 10_000 }: { timeoutMs?: number } = {}): Promise<void> {
    if (this.closing) return this.loop;
    this.closing = true;
    if (this.shedTimer) clearTimeout(this.shedTimer);
    this.emitShedAudit();
    await this.flush(timeoutMs);
    this.stop.abort();
    this.spool.wake();
    await this.producer?.disconnect().catch(() => undefined);
    await this.loop;
    await this.spool.close();
  }

  /** Every promise returned here is already handled (fire-and-forget callers never cause unhandled rejections). */
  private accept<C extends EventContract>(contract: C, input: EventInputOf<C>, options: PublishOptions | undefined): Promise<PublishOutcome> {
    if (this.closing) return handled(Promise.reject(new ProducerClosedError()));
    let written: Promise<void> | null;
    try {
      const event = validateEvent(contract, input);
      const headers = eventHeaders(contract, options?.trace);
      written = this.spool.append({
        topic: contract.topic,
        key: contract.key(event),
        headers: options?.headers ? { ...options.headers, ...headers } : headers,
        value: JSON.stringify(event),
      });
    } catch (err) {
      return handled(Promise.reject(err));
    }
    if (written) {
      this.counters.spooledEvents += 1;
      if (written !== this.lastWrite) {
        this.lastWrite = written;
        this.lastSpooled = handled(written.then(() => 'spooled' as const));
      }
      return this.lastSpooled;
    }
    if (this.options.onSpoolFull === 'fail-closed') {
      this.counters.rejectedEvents += 1;
      return handled(Promise.reject(new SpoolFullError({ spoolBytes: this.spool.depth().bytes, maxBytes: this.options.spool.maxBytes })));
    }
    this.counters.shedEvents += 1;
    this.shed.add(contract.topic);
    this.scheduleShedAudit();
    return Promise.resolve('shed' as const);
  }

  private scheduleShedAudit(): void {
    if (!this.options.shedAudit || this.shedTimer || this.closing) return;
    const interval = this.options.shedAudit.intervalMs ?? 10_000;
    const wait = Math.max(0, this.lastShedAuditAt + interval - Date.now());
    this.shedTimer = setTimeout(() => {
      this.shedTimer = null;
      if (!this.emitShedAudit()) this.scheduleShedAudit();
    }, wait);
    this.shedTimer.unref();
  }

  /** Spools the shed audit event into the reserve; false if even the reserve is full (retried next interval). */
  private emitShedAudit(): boolean {
    if (!this.options.shedAudit || this.shed.pending === 0) return true;
    this.lastShedAuditAt = Date.now();
    const written = this.spool.append(this.shed.toAuditRecord(this.options.shedAudit.serviceId, this.options.spool.dir), { reserve: true });
    if (!written) return false;
    written.catch(() => undefined);
    this.shed.reset();
    this.counters.shedAuditEvents += 1;
    return true;
  }

  private async run(): Promise<void> {
    const { lingerMs = 20, maxBatchEvents = 500, maxBatchBytes = 1 << 20, retry = { initialMs: 200, maxMs: 10_000 } } = this.options;
    let failures = 0;
    while (!this.stop.signal.aborted) {
      if (this.spool.writtenEvents() === 0) {
        for (const waiter of this.drainedWaiters.splice(0)) waiter();
        await this.spool.waitForData();
        continue;
      }
      // Linger so that a burst goes out as one batch; a full batch or shutdown goes at once.
      if (lingerMs > 0 && this.spool.writtenEvents() < maxBatchEvents && !this.closing) await sleep(lingerMs, this.stop.signal);
      try {
        const batch = await this.spool.read(maxBatchEvents, maxBatchBytes);
        if (batch.records.length > 0) await this.send(batch.records);
        await this.spool.ack(batch.next, batch.records.length);
        this.counters.sentEvents += batch.records.length;
        failures = 0;
      } catch (err) {
        this.lastError = { message: err instanceof Error ? err.message : String(err), at: new Date().toISOString() };
        // A fresh producer after a failure: the broker may have restarted and forgotten our producer id.
        const broken = this.producer;
        this.producer = null;
        await broken?.disconnect().catch(() => undefined);
        await sleep(backoffDelay(failures++, retry), this.stop.signal);
      }
    }
  }

  private async send(records: SpooledRecord[]): Promise<void> {
    // Usually two topics: a linear scan beats a Map. Key, value and headers go to kafkajs as the spool's bytes.
    const topicMessages: TopicMessages[] = [];
    for (const r of records) {
      let entry = topicMessages.find((t) => t.topic === r.topic);
      if (!entry) topicMessages.push((entry = { topic: r.topic, messages: [] }));
      entry.messages.push({ key: r.key, value: r.value, headers: r.headers } satisfies Message);
    }
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

function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}
