import { Logger } from '@nestjs/common';
import { auditRecordedV1, usageRecordedV1 } from '@asc/contracts/events';
import type { ReliableProducer } from '@asc/kafka';
import type { EventSink, FinishedRequest } from './event-sink';
import { toRequestAuditEvent, toUsageEvent, traceIdOf } from './request-events';

/**
 * Publishes each finished request as usage.recorded.v1 + audit.recorded.v1 through the reliable producer, which
 * spools to disk and never blocks: `publish` returns at once and a broker outage only grows the spool.
 */
export class KafkaEventSink implements EventSink {
  private readonly logger = new Logger('Events');

  constructor(private readonly producer: ReliableProducer) {}

  requestFinished(request: FinishedRequest): void {
    const now = new Date();
    const traceId = traceIdOf(request.traceparent);
    const trace = request.traceparent ? { traceparent: request.traceparent } : undefined;
    const usage = toUsageEvent(request, traceId, now);
    if (usage) this.producer.publish(usageRecordedV1, usage, { trace }).catch((error: unknown) => this.dropped('usage', error));
    this.producer.publish(auditRecordedV1, toRequestAuditEvent(request, traceId, now), { trace }).catch((error: unknown) => this.dropped('audit', error));
  }

  /** Kafka liveness is not the gateway's readiness; the spool state is, in fail-closed mode. */
  accepting(): boolean {
    return this.producer.accepting();
  }

  async close(): Promise<void> {
    await this.producer.close();
  }

  private dropped(kind: string, error: unknown): void {
    this.logger.error(`${kind} event not accepted: ${(error as Error).message}`);
  }
}
