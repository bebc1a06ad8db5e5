import { Logger } from '@nestjs/common';
import { auditRecordedV1, type AuditRecordedV1 } from '@asc/contracts/events';
import type { ReliableProducer } from '@asc/kafka';
import { toDecisionAuditEvent, type DecisionRecord } from '@asc/policy';

export { toDecisionAuditEvent, type DecisionRecord };

/**
 * Every decision becomes one `audit.recorded.v1` event, kind `policy.decision`. The Check path only appends a small
 * record to a buffer; events are built and handed to the reliable producer (validation, disk spool, Kafka) in
 * batches off the request path, so auditing costs a Check almost nothing.
 */
export interface DecisionAuditSink {
  record(entry: DecisionRecord): void;
  close(): Promise<void>;
  /** Events waiting in the local spool for Kafka; undefined when nothing is spooled (no Kafka). */
  spoolDepth?(): number;
}

export const DECISION_AUDIT = Symbol('DECISION_AUDIT');

/** Buffers and flushes to Kafka through the ReliableProducer (spooled to disk, never blocking). */
export class KafkaDecisionAudit implements DecisionAuditSink {
  private readonly logger = new Logger('DecisionAudit');
  private buffer: DecisionRecord[] = [];
  private scheduled = false;

  constructor(private readonly producer: ReliableProducer) {}

  spoolDepth(): number {
    return this.producer.stats().spoolDepthEvents;
  }

  record(entry: DecisionRecord): void {
    this.buffer.push(entry);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.buffer;
    this.buffer = [];
    for (const entry of batch) {
      this.producer.publish(auditRecordedV1, toDecisionAuditEvent(entry)).catch((error: unknown) => this.logger.error(`decision audit not accepted: ${(error as Error).message}`));
    }
  }

  async close(): Promise<void> {
    this.flush();
    // A short drain: what Kafka has not taken by then stays in the spool and is sent at the next start, so a
    // shutdown with the broker already gone (a Ctrl-C of the whole system) does not hang on it.
    await this.producer.close({ timeoutMs: 3_000 });
  }
}

/**
 * Keeps the last decisions in memory (Kafka disabled: development, tests, benchmarks): a ring of records, turned
 * into events only when read, so recording stays O(1).
 */
export class MemoryDecisionAudit implements DecisionAuditSink {
  private readonly ring: (DecisionRecord | undefined)[];
  private next = 0;
  private size = 0;

  constructor(private readonly capacity = 10_000) {
    this.ring = new Array<DecisionRecord | undefined>(capacity);
  }

  record(entry: DecisionRecord): void {
    this.ring[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
    if (this.size < this.capacity) this.size++;
  }

  /** Oldest first. */
  get events(): AuditRecordedV1[] {
    const out: AuditRecordedV1[] = [];
    for (let i = 0; i < this.size; i++) out.push(toDecisionAuditEvent(this.ring[(this.next - this.size + i + this.capacity) % this.capacity]!));
    return out;
  }

  async close(): Promise<void> {}
}

export class NoDecisionAudit implements DecisionAuditSink {
  record(): void {}
  async close(): Promise<void> {}
}
