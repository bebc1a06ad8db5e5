import { trace, type Tracer } from '@opentelemetry/api';

/**
 * Process-wide switch read by every hot-path helper. It is a plain boolean on purpose: when tracing is off the
 * helpers return before touching the OpenTelemetry API at all, so a disabled service pays one branch per call.
 */
let enabled = false;
let tracer: Tracer | undefined;

export const TRACER_NAME = '@asc/telemetry';

export function isTracingEnabled(): boolean {
  return enabled;
}

export function setTracingEnabled(value: boolean, version?: string): void {
  enabled = value;
  tracer = value ? trace.getTracer(TRACER_NAME, version) : undefined;
}

/** The library's tracer; only called when tracing is enabled. */
export function ascTracer(): Tracer {
  return tracer ?? trace.getTracer(TRACER_NAME);
}
