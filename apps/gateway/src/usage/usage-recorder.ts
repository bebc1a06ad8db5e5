import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { RequestContext } from '../proxy/request-context';
import type { RequestOutcome } from '../proxy/outcome';
import { GatewayMetricsService } from '../telemetry/gateway-metrics.service';
import { BudgetGuard } from '../budget/budget-guard';
import { traceparentOf } from '../telemetry/request-trace';
import { EVENT_SINK, type EventSink } from './event-sink';

/**
 * Turns a finished request into its usage and audit events and hands them to the event sink without waiting:
 * the request path never blocks on Kafka (the sink spools to disk when the broker is away).
 */
@Injectable()
export class UsageRecorder implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_SINK) private readonly sink: EventSink,
    private readonly metrics: GatewayMetricsService,
    private readonly budget: BudgetGuard,
  ) {}

  /** Flushes what the sink holds (the spool keeps the rest for the next start). */
  async onApplicationShutdown(): Promise<void> {
    await this.sink.close();
  }

  record(ctx: RequestContext, outcome: RequestOutcome): void {
    this.metrics.requestFinished(ctx.principal.tenant.id, ctx.model, outcome);
    this.budget.settle(ctx.reservation, outcome);
    ctx.trace.finishAttempt(outcome);
    this.sink.requestFinished({
      requestId: ctx.requestId,
      tenantId: ctx.principal.tenant.id,
      keyId: ctx.principal.keyId,
      dialect: ctx.dialect,
      modelRequested: ctx.model,
      outcome,
      // The gateway's own span, so metering and audit continue the request's trace.
      traceparent: traceparentOf(ctx.trace) ?? headerValue(ctx.req.headers.traceparent),
      ...(ctx.policy ? { policy: { version: ctx.policy.policyVersion, allowed: ctx.policy.allowed, reasons: ctx.policy.reasons } } : {}),
    });
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
