import type { ClientDialect } from '@asc/providers';
import type { RequestOutcome } from '../proxy/outcome';

export interface FinishedRequest {
  requestId: string;
  tenantId: string;
  keyId: string;
  dialect: ClientDialect;
  modelRequested: string;
  outcome: RequestOutcome;
  traceparent: string | undefined;
  /** The policy decision, when a policy service is configured. */
  policy?: { version: number; allowed: boolean; reasons: readonly { code: string; message: string }[] };
}

/** Where finished requests go: Kafka (usage + audit topics) in every real setup. */
export interface EventSink {
  requestFinished(request: FinishedRequest): void;
  close(): Promise<void>;
}

export const EVENT_SINK = Symbol('EVENT_SINK');

/** Keeps the last finished requests in memory; used when events are disabled (`ASC_EVENTS_ENABLED=false`). */
export class MemoryEventSink implements EventSink {
  readonly recent: FinishedRequest[] = [];
  requestFinished(request: FinishedRequest): void {
    this.recent.push(request);
    if (this.recent.length > 1000) this.recent.shift();
  }
  async close(): Promise<void> {}
}
