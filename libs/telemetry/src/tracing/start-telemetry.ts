import { context, propagation, trace, ProxyTracerProvider } from '@opentelemetry/api';
import { getStringListFromEnv } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { ExplicitContextManager } from './explicit-context-manager';
import { setSamplerFromEnv, setTracingEnabled } from './tracing-state';

export interface TelemetryOptions {
  /** Default `service.name`; `OTEL_SERVICE_NAME` / `OTEL_RESOURCE_ATTRIBUTES` win when set. */
  serviceName: string;
  serviceVersion?: string;
  /**
   * `async-local-storage` (default): spans made active with `runInSpan`/`withSpan` follow async continuations, and
   * logs carry their ids. `explicit`: no active context at all (see ExplicitContextManager) — for hot paths that pass
   * every parent explicitly and must not pay async hooks on every promise.
   */
  activeContext?: 'async-local-storage' | 'explicit';
}

export interface Telemetry {
  /** False when `OTEL_SDK_DISABLED=true` or `OTEL_TRACES_EXPORTER=none`: every span helper is then a no-op. */
  readonly tracingEnabled: boolean;
  /** Exports every finished span now (tests, and before a planned exit). */
  flush(): Promise<void>;
  /** Flushes and stops the exporter; call once, at shutdown. Safe to call twice. */
  shutdown(): Promise<void>;
}

let running: Telemetry | undefined;

/**
 * Starts OpenTelemetry tracing for this process, configured only by the standard `OTEL_*` variables
 * (https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/) as read by `@opentelemetry/sdk-node`:
 * `OTEL_EXPORTER_OTLP_ENDPOINT` / `_TRACES_ENDPOINT`, `OTEL_EXPORTER_OTLP_PROTOCOL` (default `http/protobuf`,
 * also `http/json`, `grpc`), `OTEL_TRACES_EXPORTER` (`none` disables tracing), `OTEL_TRACES_SAMPLER` / `_ARG`,
 * `OTEL_PROPAGATORS` (default `tracecontext,baggage`), `OTEL_BSP_*`, `OTEL_SERVICE_NAME`, `OTEL_SDK_DISABLED`.
 *
 * Only traces are exported over OTLP: metrics are served in Prometheus format by `MetricsRegistry` and logs go
 * to stdout as JSON, so the SDK's metric and log pipelines are left off. No auto-instrumentation is registered
 * (nothing patches http/undici); services create explicit spans with the helpers of this library.
 *
 * Call it first thing in `main.ts`, before the application is created. A second call returns the first handle.
 */
export function startTelemetry(options: TelemetryOptions): Telemetry {
  if (running !== undefined) return running;
  if (!tracesWanted()) {
    setTracingEnabled(false);
    running = { tracingEnabled: false, flush: async () => {}, shutdown: async () => {} };
    return running;
  }
  const sdk = new NodeSDK({
    // Defaults only: the SDK merges the env detector (OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES) over these.
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: options.serviceName,
      ...(options.serviceVersion === undefined ? {} : { [ATTR_SERVICE_VERSION]: options.serviceVersion }),
    }),
    instrumentations: [],
    ...(options.activeContext === 'explicit' ? { contextManager: new ExplicitContextManager() } : {}),
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  setSamplerFromEnv(process.env.OTEL_TRACES_SAMPLER);
  setTracingEnabled(true, options.serviceVersion);
  let stopped: Promise<void> | undefined;
  const handle: Telemetry = {
    tracingEnabled: true,
    flush: () => forceFlushGlobalProvider(),
    shutdown: () => {
      stopped ??= sdk.shutdown().finally(() => {
        setTracingEnabled(false);
        // Unregister the globals so a later startTelemetry (tests, in-process restarts) can register again.
        trace.disable();
        propagation.disable();
        context.disable();
        if (running === handle) running = undefined;
      });
      return stopped;
    },
  };
  running = handle;
  return handle;
}

/** Same rule as the SDK: unset means `otlp`; only a list of nothing but `none` turns traces off. */
function tracesWanted(): boolean {
  if ((process.env.OTEL_SDK_DISABLED ?? '').trim().toLowerCase() === 'true') return false;
  const exporters = (getStringListFromEnv('OTEL_TRACES_EXPORTER') ?? []).filter((name) => name !== 'null');
  return exporters.length === 0 || exporters.some((name) => name !== 'none');
}

async function forceFlushGlobalProvider(): Promise<void> {
  const provider = trace.getTracerProvider();
  const delegate: unknown = provider instanceof ProxyTracerProvider ? provider.getDelegate() : provider;
  if (typeof delegate === 'object' && delegate !== null && 'forceFlush' in delegate && typeof delegate.forceFlush === 'function') {
    await (delegate.forceFlush as () => Promise<void>).call(delegate);
  }
}
