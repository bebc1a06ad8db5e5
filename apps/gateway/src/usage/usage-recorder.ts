import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { RequestContext } from '../proxy/request-context';
import type { RequestOutcome } from '../proxy/outcome';
import { EVENT_SINK, type EventSink } from './event-sink';

/**
 * Turns a finished request into its usage and audit events and hands them to the event sink without waiting:
 * the request path never blocks on Kafka (the sink spools to disk when the broker is away).
 */
@Injectable()
export class UsageRecorder implements OnApplicationShutdown {
  constructor(@Inject(EVENT_SINK) private readonly sink: EventSink) {}

  /** Flushes what the sink holds (the spool keeps the rest for the next start). */
  async onApplicationShutdown(): Promise<void> {
    await this.sink.close();
  }

  record(ctx: RequestContext, outcome: RequestOutcome): void {
    this.sink.requestFinished({
      requestId: ctx.requestId,
      tenantId: ctx.principal.tenant.id,
      keyId: ctx.principal.keyId,
      dialect: ctx.dialect,
      modelRequested: ctx.model,
      outcome,
      traceparent: headerValue(ctx.req.headers.traceparent),
    });
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
