import { PLATFORM_TENANT_ID, auditRecordedV1, encodeEvent, newEventId } from '@asc/contracts/events';
import type { SpoolRecord } from '../spool/record-frame';

/**
 * Tally of events dropped by a full spool in `shed` mode, turned into one `audit.recorded.v1` (kind `spool.shed`)
 * per interval. The audit event goes into the spool's reserve, so it is sent once Kafka catches up.
 */
export class ShedTally {
  private total = 0;
  private byTopic: Record<string, number> = {};
  private since: string | null = null;

  add(topic: string): void {
    this.total += 1;
    this.byTopic[topic] = (this.byTopic[topic] ?? 0) + 1;
    this.since ??= new Date().toISOString();
  }

  get pending(): number {
    return this.total;
  }

  /** The audit record for what was tallied; call `reset` once it is spooled. */
  toAuditRecord(serviceId: string, spoolDir: string): SpoolRecord {
    const encoded = encodeEvent(auditRecordedV1, {
      id: newEventId(),
      schemaVersion: 1,
      tenantId: PLATFORM_TENANT_ID,
      time: new Date().toISOString(),
      actor: { type: 'service', id: serviceId },
      kind: 'spool.shed',
      resource: { type: 'event-spool', id: spoolDir },
      outcome: 'failure',
      requestId: null,
      traceId: null,
      contentCaptured: false,
      details: { shedEvents: this.total, byTopic: { ...this.byTopic }, firstShedAt: this.since },
    });
    return { topic: encoded.topic, key: encoded.key, headers: encoded.headers, value: encoded.value };
  }

  reset(): void {
    this.total = 0;
    this.byTopic = {};
    this.since = null;
  }
}
