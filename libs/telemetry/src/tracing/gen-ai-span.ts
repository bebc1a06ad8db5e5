import { SpanKind, type Attributes, type Context, type Span } from '@opentelemetry/api';
import { GEN_AI, GEN_AI_FIRST_CHUNK_EVENT, genAiProviderName, type GenAiOperation } from './gen-ai-attributes';
import { contextWith, endSpan, NOOP_SPAN, startSpan } from './spans';
import { isTracingEnabled } from './tracing-state';

export interface GenAiSpanStart {
  operation: GenAiOperation;
  /** ASC provider id (`openai`, `anthropic`, ...); mapped to the semconv well-known value. */
  provider: string;
  /** The model sent upstream (after alias resolution). */
  requestModel: string;
  stream?: boolean;
  maxTokens?: number;
  /** Parent context; defaults to the active one. */
  parent?: Context;
  /** Extra attributes, e.g. `{ 'asc.tenant.id': tenantId, 'asc.deployment': deploymentId }`. Never prompt text. */
  attributes?: Attributes;
}

export interface GenAiSpanEnd {
  responseModel?: string;
  responseId?: string;
  inputTokens?: number;
  outputTokens?: number;
  cacheReadInputTokens?: number;
  finishReasons?: readonly string[];
  /** The failure, if the call failed: sets `error.type` and an ERROR status. */
  error?: unknown;
}

/**
 * One upstream model call (one attempt: a fallback or retry is a new GenAI span under the same request span).
 * Created per call, used from one async flow; not shared.
 */
export interface GenAiSpan {
  readonly span: Span;
  /** Context with this span current: parent of anything the call does, and what to inject upstream. */
  readonly context: Context | undefined;
  /** Records time to first chunk; only the first call counts. `at` defaults to now (`performance.now()` clock). */
  firstChunk(at?: number): void;
  /** Records the response and usage, then ends the span. Only the first call counts. */
  end(result?: GenAiSpanEnd): void;
}

const NOOP_GEN_AI_SPAN: GenAiSpan = { span: NOOP_SPAN, context: undefined, firstChunk() {}, end() {} };

/**
 * Starts a GenAI client span following the OpenTelemetry GenAI conventions: name `{operation} {model}`, kind
 * CLIENT, `gen_ai.*` attributes. Free when tracing is off (a shared no-op object), and close to free when the
 * request is not sampled (no attribute work, the unsampled span still propagates its context upstream).
 */
export function startGenAiSpan(start: GenAiSpanStart): GenAiSpan {
  if (!isTracingEnabled()) return NOOP_GEN_AI_SPAN;
  // Attributes are set after the sampling decision, so an unsampled call builds none. (Samplers configurable by
  // OTEL_TRACES_SAMPLER decide on the parent and trace id only, so they lose nothing.)
  const span = startSpan(`${start.operation} ${start.requestModel}`, { kind: SpanKind.CLIENT, parent: start.parent });
  if (span.isRecording()) {
    const provider = genAiProviderName(start.provider);
    span.setAttribute(GEN_AI.operationName, start.operation);
    span.setAttribute(GEN_AI.providerName, provider);
    span.setAttribute(GEN_AI.system, provider);
    span.setAttribute(GEN_AI.requestModel, start.requestModel);
    if (start.stream !== undefined) span.setAttribute(GEN_AI.requestStream, start.stream);
    if (start.maxTokens !== undefined) span.setAttribute(GEN_AI.requestMaxTokens, start.maxTokens);
    if (start.attributes !== undefined) span.setAttributes(start.attributes);
  }
  return new RecordedGenAiSpan(span, contextWith(span, start.parent));
}

class RecordedGenAiSpan implements GenAiSpan {
  private readonly startedAt = performance.now();
  private readonly recording: boolean;
  private sawFirstChunk = false;
  private ended = false;

  constructor(readonly span: Span, readonly context: Context) {
    this.recording = span.isRecording();
  }

  firstChunk(at: number = performance.now()): void {
    if (this.sawFirstChunk) return;
    this.sawFirstChunk = true;
    if (!this.recording) return;
    this.span.setAttribute(GEN_AI.responseTimeToFirstChunk, Math.max(0, at - this.startedAt) / 1000);
    this.span.addEvent(GEN_AI_FIRST_CHUNK_EVENT, at);
  }

  end(result: GenAiSpanEnd = {}): void {
    if (this.ended) return;
    this.ended = true;
    if (this.recording) {
      const span = this.span;
      if (result.responseModel !== undefined) span.setAttribute(GEN_AI.responseModel, result.responseModel);
      if (result.responseId !== undefined) span.setAttribute(GEN_AI.responseId, result.responseId);
      if (result.inputTokens !== undefined) span.setAttribute(GEN_AI.usageInputTokens, result.inputTokens);
      if (result.outputTokens !== undefined) span.setAttribute(GEN_AI.usageOutputTokens, result.outputTokens);
      if (result.cacheReadInputTokens !== undefined) span.setAttribute(GEN_AI.usageCacheReadInputTokens, result.cacheReadInputTokens);
      if (result.finishReasons !== undefined) span.setAttribute(GEN_AI.responseFinishReasons, [...result.finishReasons]);
    }
    endSpan(this.span, result.error);
  }
}
