import type { Kafka } from 'kafkajs';
import { EVENT_HEADERS, eventHeaders, isTraceparent, validateEvent, type DerivedRecordKind, type EventContract, type EventInputOf, type TraceContext } from '@asc/contracts/events';
import { sleep } from '../backoff';
import { ProducerClosedError, SpoolFullError } from '../errors';
import { DiskSpool } from '../spool/disk-spool';
import type { SpoolRecord } from '../spool/record-frame';
import type { SpoolLockOptions } from '../spool/spool-lock';
import { ShedTally } from './shed-audit';
import { SpoolSender, type SpoolSenderOptions, type SpoolSource } from './spool-sender';

/**
 * Publishes contract events without ever blocking the caller on Kafka.
 *
 * publish -> validate -> append to the on-disk spool (batched write) -> sender reads the spool in order ->
 * idempotent kafkajs producer, gzip, acks=all -> cursor advances. When Kafka is down the spool grows; when it is back
 * the spool drains in order; after a restart the spool replays whatever was not acknowledged (consumers de-duplicate
 * by event id, so a re-send is harmless). One instance per spool directory; create it with `ReliableProducer.start`.
 *
 * `sender: 'in-process'` (default) runs the sender loop here. `sender: 'external'` leaves it to a shipper process
 * on the same directory (shipper-main.ts): this process then only validates and appends, and no Kafka client runs
 * in it; its view of the spool depth (and so `accepting()` and the full-spool policy) follows the shipper's
 * persisted cursor, re-read every `spool.cursorPollMs`.
 */
export type SpoolFullPolicy = 'fail-closed' | 'shed';
export type PublishOutcome = 'spooled' | 'shed';

interface CommonOptions {
  spool: { dir: string; maxBytes: number; segmentBytes?: number; cursorPollMs?: number; lock?: SpoolLockOptions };
  /** `fail-closed`: publish rejects with SpoolFullError. `shed`: the event is dropped, counted and audited. */
  onSpoolFull: SpoolFullPolicy;
  /** In `shed` mode, emit one `audit.recorded.v1` (kind `spool.shed`) per interval naming this service. */
  shedAudit?: { serviceId: string; intervalMs?: number };
}

/** The sender loop runs in this process (the default; tests, small deployments, non-gateway services). */
export type InProcessProducerOptions = CommonOptions & { sender?: 'in-process'; kafka: Kafka } & Omit<SpoolSenderOptions, 'kafka'>;
/** A shipper process ships the spool (shipper-main.ts): no Kafka client here. */
export type ExternalProducerOptions = CommonOptions & { sender: 'external'; kafka?: undefined };
export type ReliableProducerOptions = InProcessProducerOptions | ExternalProducerOptions;

export interface PublishOptions {
  headers?: Record<string, string>;
  trace?: TraceContext;
}

export interface ProducerStats {
  sender: 'in-process' | 'external';
  spooledEvents: number;
  sentEvents: number;
  shedEvents: number;
  rejectedEvents: number;
  shedAuditEvents: number;
  spoolDepthEvents: number;
  spoolDepthBytes: number;
  spoolMaxBytes: number;
  /** External sender: always false (this process has no Kafka connection). */
  connected: boolean;
  lastError: { message: string; at: string } | null;
}

const NO_HEADERS: Record<string, string> = Object.freeze({});

export class ReliableProducer {
  private closing = false;
  private readonly counters = { spooledEvents: 0, shedEvents: 0, rejectedEvents: 0, shedAuditEvents: 0 };
  private readonly shed = new ShedTally();
  private shedTimer: NodeJS.Timeout | null = null;
  private lastShedAuditAt = 0;
  private readonly shippedAtStart: number;
  /** The spool's write promise of the current event-loop turn, and the one `spooled` promise derived from it. */
  private lastWrite: Promise<void> | null = null;
  private lastSpooled: Promise<PublishOutcome> = Promise.resolve('spooled');

  private constructor(
    private readonly options: ReliableProducerOptions,
    private readonly spool: DiskSpool,
    /** Null with an external sender. */
    private readonly sender: SpoolSender | null,
  ) {
    this.shippedAtStart = spool.shippedEvents();
  }

  static async start(options: ReliableProducerOptions): Promise<ReliableProducer> {
    const external = options.sender === 'external';
    const spool = await DiskSpool.open({ ...options.spool, reader: external ? 'external' : 'in-process' });
    if (options.sender === 'external') return new ReliableProducer(options, spool, null);
    const { kafka, lingerMs, maxBatchEvents, maxBatchBytes, retry } = options;
    const sender = new SpoolSender(localSource(spool), { kafka, lingerMs, maxBatchEvents, maxBatchBytes, retry });
    sender.start();
    return new ReliableProducer(options, spool, sender);
  }

  /**
   * Returns at once. The promise resolves when the event is in the spool (it survives a process kill from then on)
   * with `spooled`, or `shed` if it was dropped; it rejects with EventValidationError for an invalid event and with
   * SpoolFullError when full in `fail-closed` mode. Fire-and-forget callers may ignore it: rejections are pre-handled.
   */
  publish<C extends EventContract>(contract: C, event: EventInputOf<C>, options?: PublishOptions): Promise<PublishOutcome> {
    return this.accept(contract.topic, () => {
      const valid = validateEvent(contract, event);
      const headers = eventHeaders(contract, options?.trace);
      return { topic: contract.topic, key: contract.key(valid), headers: options?.headers ? { ...options.headers, ...headers } : headers, value: JSON.stringify(valid) };
    });
  }

  /**
   * Spools a record the sender derives events from (see DerivedRecordKind): one append where the derived events
   * would take several, and their validation happens in the sender, off the caller's path. Same promise semantics
   * as `publish`.
   */
  publishDerived<R>(kind: DerivedRecordKind<R>, record: R, trace?: TraceContext): Promise<PublishOutcome> {
    return this.accept(kind.spoolTopic, () => ({
      topic: kind.spoolTopic,
      key: kind.key(record),
      headers: trace && isTraceparent(trace.traceparent) ? { [EVENT_HEADERS.traceparent]: trace.traceparent } : NO_HEADERS,
      value: JSON.stringify(record),
    }));
  }

  /** False while a `fail-closed` producer's spool is full: the gateway can refuse requests before doing work. */
  accepting(): boolean {
    return !this.closing && (this.options.onSpoolFull === 'shed' || this.spool.hasRoom(this.spool.largestFrame));
  }

  stats(): ProducerStats {
    const depth = this.spool.depth();
    const sender = this.sender?.stats();
    return {
      sender: this.sender ? 'in-process' : 'external',
      ...this.counters,
      sentEvents: sender ? sender.sentEvents : this.spool.shippedEvents() - this.shippedAtStart,
      spoolDepthEvents: depth.events,
      spoolDepthBytes: depth.bytes,
      spoolMaxBytes: this.options.spool.maxBytes,
      connected: sender?.connected ?? false,
      lastError: sender?.lastError ?? null,
    };
  }

  /**
   * Resolves true once the spool is empty (everything accepted so far is in Kafka), false after `timeoutMs`.
   * With an external sender this watches the shipper's cursor.
   */
  async flush(timeoutMs = 30_000): Promise<boolean> {
    await this.spool.flushWrites();
    if (this.sender) return this.spool.writtenEvents() === 0 || this.sender.flush(timeoutMs);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.spool.syncCursor();
      if (this.spool.writtenEvents() === 0) return true;
      if (Date.now() >= deadline) return false;
      await sleep(Math.min(this.options.spool.cursorPollMs ?? 100, Math.max(1, deadline - Date.now())));
    }
  }

  /**
   * Stops accepting. In-process: tries to send what the spool holds for up to `timeoutMs`, then stops; the rest
   * stays spooled. External: writes what was accepted and releases the spool (the shipper goes on shipping it).
   */
  async close({ timeoutMs = 10_000 }: { timeoutMs?: number } = {}): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    if (this.shedTimer) clearTimeout(this.shedTimer);
    this.emitShedAudit();
    if (this.sender) {
      this.sender.hurry();
      await this.flush(timeoutMs);
      this.spool.wake();
      await this.sender.close();
    }
    await this.spool.close();
  }

  /** Every promise returned here is already handled (fire-and-forget callers never cause unhandled rejections). */
  private accept(topic: string, toRecord: () => SpoolRecord): Promise<PublishOutcome> {
    if (this.closing) return handled(Promise.reject(new ProducerClosedError()));
    let written: Promise<void> | null;
    try {
      written = this.spool.append(toRecord());
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
    this.shed.add(topic);
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
}

/** The in-process spool as the sender's source. */
function localSource(spool: DiskSpool): SpoolSource {
  return {
    hasData: () => spool.writtenEvents() > 0,
    hasBacklog: (events) => spool.writtenEvents() >= events,
    waitForData: async (signal) => {
      if (signal.aborted) return;
      const wake = (): void => spool.wake();
      signal.addEventListener('abort', wake, { once: true });
      try {
        await spool.waitForData();
      } finally {
        signal.removeEventListener('abort', wake);
      }
    },
    read: (maxRecords, maxBytes) => spool.read(maxRecords, maxBytes),
    ack: (next, events) => spool.ack(next, events),
  };
}

function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}
