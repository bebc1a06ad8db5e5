import { Logger } from '@nestjs/common';
import { requestFinishedV1 } from '@asc/contracts/events';
import type { ReliableProducer } from '@asc/kafka';
import type { EventSink, FinishedRequest } from './event-sink';
import { toRequestFinishedRecord } from './request-events';

/**
 * Publishes each finished request through the reliable producer as one spooled request-finished record, from which
 * the sender derives usage.recorded.v1 + audit.recorded.v1. Spooling never blocks: `publishDerived` returns at
 * once and a broker outage only grows the spool.
 */
export class KafkaEventSink implements EventSink {
  private readonly logger = new Logger('Events');

  constructor(private readonly producer: ReliableProducer) {}

  requestFinished(request: FinishedRequest): void {
    const trace = request.traceparent ? { traceparent: request.traceparent } : undefined;
    this.producer.publishDerived(requestFinishedV1, toRequestFinishedRecord(request, Date.now()), trace).catch((error: unknown) => this.dropped(error));
  }

  /** Kafka liveness is not the gateway's readiness; the spool state is, in fail-closed mode. */
  accepting(): boolean {
    return this.producer.accepting();
  }

  async close(): Promise<void> {
    await this.producer.close();
  }

  private dropped(error: unknown): void {
    this.logger.error(`usage and audit events not accepted: ${(error as Error).message}`);
  }
}
