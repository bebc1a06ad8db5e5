import {
  context, INVALID_SPAN_CONTEXT, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, TraceFlags,
  type Attributes, type Context, type Span,
} from '@opentelemetry/api';
import { ascTracer, isTracingEnabled, unsampledParentDecides } from './tracing-state';

export { SpanKind, type Attributes, type Context, type Span };

/** One shared span that records nothing: what every helper hands out while tracing is off. */
export const NOOP_SPAN: Span = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

export interface StartSpanOptions {
  kind?: SpanKind;
  /** Parent context (e.g. from `extractHttpContext`); defaults to the active context. */
  parent?: Context;
  attributes?: Attributes;
  /** Epoch milliseconds (`Date.now()`) or a `performance.now()` value; defaults to now. */
  startTime?: number;
}

/**
 * Starts a span, or returns `NOOP_SPAN` when tracing is off. The span is not made active: pass
 * `contextWith(span)` explicitly as `parent` of children (cheapest on hot paths), or use `runInSpan`.
 *
 * Under a parent-based sampler (the default), a child of an unsampled span would be unsampled too; instead of
 * asking the SDK (ids, sampler, validation: about a microsecond), the unsampled parent itself is returned. It
 * records nothing, `end()` on it does nothing, and it propagates the same unsampled trace downstream.
 */
export function startSpan(name: string, options: StartSpanOptions = {}): Span {
  if (!isTracingEnabled()) return NOOP_SPAN;
  const parent = options.parent ?? context.active();
  if (unsampledParentDecides()) {
    const parentSpan = trace.getSpan(parent);
    if (parentSpan !== undefined && !parentSpan.isRecording()) {
      const { traceFlags, traceId } = parentSpan.spanContext();
      if ((traceFlags & TraceFlags.SAMPLED) === 0 && traceId !== INVALID_SPAN_CONTEXT.traceId) return parentSpan;
    }
  }
  return ascTracer().startSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes, startTime: options.startTime },
    parent,
  );
}

/**
 * The context that has `span` as its current span (to parent children, or to inject into outgoing headers).
 * Pass the same `parent` the span was started with, so baggage from the caller is kept.
 */
export function contextWith(span: Span, parent?: Context): Context {
  if (span === NOOP_SPAN) return parent ?? ROOT_CONTEXT;
  const base = parent ?? context.active();
  // An unsampled parent handed back by startSpan is already current in its context.
  return trace.getSpan(base) === span ? base : trace.setSpan(base, span);
}

/** Runs `fn` with `span` active (async continuations included), so nested helpers and logs see it. */
export function runInSpan<T>(span: Span, fn: () => T): T {
  if (span === NOOP_SPAN) return fn();
  return context.with(trace.setSpan(context.active(), span), fn);
}

/** Runs `fn` inside `ctx` (e.g. the context extracted from a Kafka message) without starting a span. */
export function runInContext<T>(ctx: Context, fn: () => T): T {
  if (!isTracingEnabled()) return fn();
  return context.with(ctx, fn);
}

/**
 * Ends a span; with an error it records `error.type` (the error's `code` or class name) and an ERROR status.
 * The exception message is not recorded: provider errors can echo prompt text.
 */
export function endSpan(span: Span, error?: unknown): void {
  if (span === NOOP_SPAN) return;
  if (error !== undefined && span.isRecording()) {
    span.setAttribute('error.type', errorType(error));
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
}

/**
 * Starts a span, runs `fn` with it active, ends it (with the error, if `fn` throws or rejects).
 * For non-hot paths (consumers, gRPC handlers); the gateway's data plane uses `startSpan`/`endSpan` directly.
 */
export async function withSpan<T>(name: string, options: StartSpanOptions, fn: (span: Span) => Promise<T> | T): Promise<T> {
  const span = startSpan(name, options);
  try {
    const result = await runInSpan(span, () => fn(span));
    endSpan(span);
    return result;
  } catch (error) {
    endSpan(span, error);
    throw error;
  }
}

/** The ids of the active span, for logs; undefined when there is none. */
export function activeSpanIds(): { traceId: string; spanId: string } | undefined {
  if (!isTracingEnabled()) return undefined;
  const span = trace.getSpan(context.active());
  if (span === undefined) return undefined;
  const { traceId, spanId } = span.spanContext();
  return traceId === INVALID_SPAN_CONTEXT.traceId ? undefined : { traceId, spanId };
}

export function errorType(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
    const name = (error as { name?: unknown }).name;
    if (typeof name === 'string' && name !== '') return name;
  }
  return '_OTHER';
}
