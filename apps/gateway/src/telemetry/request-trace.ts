import type { IncomingHttpHeaders } from 'node:http';
import {
  contextWith, endSpan, extractHttpContext, injectHttpHeaders, isTracingEnabled, SpanKind, startGenAiSpan, startSpan, traceContextOf,
  type Context, type GenAiSpan, type Span,
} from '@asc/telemetry';
import type { RequestOutcome } from '../proxy/outcome';

/**
 * One request's spans: a SERVER span continuing the caller's W3C trace, and a GenAI CLIENT span per upstream
 * attempt (OpenTelemetry GenAI conventions), whose context is injected into the upstream request. Contexts are
 * passed explicitly, never through AsyncLocalStorage. With tracing off every method is a no-op.
 * Created per request; not shared.
 */
export class RequestTrace {
  private attempt: GenAiSpan | undefined;

  private constructor(
    private readonly server: Span | undefined,
    readonly context: Context | undefined,
  ) {}

  static readonly disabled = new RequestTrace(undefined, undefined);

  static start(name: string, headers: IncomingHttpHeaders): RequestTrace {
    if (!isTracingEnabled()) return RequestTrace.disabled;
    const incoming = extractHttpContext(headers);
    const span = startSpan(name, { kind: SpanKind.SERVER, parent: incoming });
    return new RequestTrace(span, contextWith(span, incoming));
  }

  /** Starts the span of one upstream attempt and adds its `traceparent` to the outgoing headers. */
  startAttempt(args: { operation: 'chat' | 'embeddings'; provider: string; requestModel: string; stream: boolean; headers: Record<string, string> }): void {
    if (this.server === undefined) return;
    this.endAttempt('superseded');
    this.attempt = startGenAiSpan({ operation: args.operation, provider: args.provider, requestModel: args.requestModel, stream: args.stream, parent: this.context });
    injectHttpHeaders(args.headers, this.attempt.context);
  }

  /** A failed attempt (the next one, if any, gets its own span). */
  failAttempt(error: unknown): void {
    this.attempt?.end({ error });
    this.attempt = undefined;
  }

  /** The request finished: the served attempt records usage and time to first token. */
  finishAttempt(outcome: RequestOutcome): void {
    const attempt = this.attempt;
    if (attempt === undefined) return;
    this.attempt = undefined;
    if (outcome.timeToFirstTokenMs !== undefined && outcome.streamed) attempt.firstChunk();
    attempt.end({
      responseModel: outcome.served?.target.upstreamModel,
      inputTokens: outcome.usage?.inputTokens,
      outputTokens: outcome.usage?.outputTokens,
      cacheReadInputTokens: outcome.usage?.cachedInputTokens,
      ...(outcome.status === 'succeeded' ? {} : { error: new Error(outcome.errorCode ?? outcome.status) }),
    });
  }

  end(error?: unknown): void {
    this.endAttempt(error);
    if (this.server !== undefined) endSpan(this.server, error);
  }

  private endAttempt(error: unknown): void {
    if (this.attempt === undefined) return;
    this.attempt.end(error === undefined ? {} : { error });
    this.attempt = undefined;
  }
}

/** W3C traceparent of the request's server span, for the events it publishes. */
export function traceparentOf(trace: RequestTrace): string | undefined {
  return trace.context === undefined ? undefined : traceContextOf(trace.context)?.traceparent;
}
