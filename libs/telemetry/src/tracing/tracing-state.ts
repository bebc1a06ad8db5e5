import { trace, type Tracer } from '@opentelemetry/api';

/**
 * Process-wide switch read by every hot-path helper. It is a plain boolean on purpose: when tracing is off the
 * helpers return before touching the OpenTelemetry API at all, so a disabled service pays one branch per call.
 */
let enabled = false;
let tracer: Tracer | undefined;
let parentDecides = true;

export const TRACER_NAME = '@asc/telemetry';

export function isTracingEnabled(): boolean {
  return enabled;
}

export function setTracingEnabled(value: boolean, version?: string): void {
  enabled = value;
  tracer = value ? trace.getTracer(TRACER_NAME, version) : undefined;
}

/**
 * True when the configured sampler never samples a child of an unsampled parent (`parentbased_*`, the default,
 * or `always_off`). Then a child of an unsampled span needs no SDK call at all: the helpers hand back the parent.
 */
export function unsampledParentDecides(): boolean {
  return parentDecides;
}

export function setSamplerFromEnv(sampler: string | undefined): void {
  const name = (sampler ?? '').trim().toLowerCase();
  parentDecides = name === '' || name === 'always_off' || name.startsWith('parentbased_');
}

/** The library's tracer; only called when tracing is enabled. */
export function ascTracer(): Tracer {
  return tracer ?? trace.getTracer(TRACER_NAME);
}
