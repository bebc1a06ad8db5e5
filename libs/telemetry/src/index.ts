// Tracing (OpenTelemetry, configured by OTEL_* variables)
export { startTelemetry, type Telemetry, type TelemetryOptions } from './tracing/start-telemetry';
export { isTracingEnabled } from './tracing/tracing-state';
export {
  startSpan, endSpan, withSpan, runInSpan, runInContext, contextWith, activeSpanIds, errorType, NOOP_SPAN, SpanKind,
  type StartSpanOptions, type Span, type Context, type Attributes,
} from './tracing/spans';
export { startGenAiSpan, type GenAiSpan, type GenAiSpanStart, type GenAiSpanEnd } from './tracing/gen-ai-span';
export { GEN_AI, GEN_AI_FIRST_CHUNK_EVENT, genAiProviderName, type GenAiOperation } from './tracing/gen-ai-attributes';
// W3C trace context + baggage over HTTP headers, Kafka headers, gRPC metadata
export {
  extractHttpContext, injectHttpHeaders, extractKafkaContext, injectKafkaHeaders, extractGrpcContext, injectGrpcMetadata,
  traceContextOf, type HttpHeaders, type KafkaHeaders, type GrpcMetadataLike,
} from './propagation/carriers';
// Metrics (Prometheus text format)
export { MetricsRegistry } from './metrics/registry';
export { Counter, type CounterChild } from './metrics/counter';
export { Gauge, type GaugeChild, type GaugeOptions } from './metrics/gauge';
export {
  Histogram, type HistogramChild, type HistogramOptions, LATENCY_BUCKETS_SECONDS, TTFT_BUCKETS_SECONDS, FAST_BUCKETS_SECONDS,
} from './metrics/histogram';
export { OVERFLOW_LABEL_VALUE, type Labels, type MetricOptions } from './metrics/metric';
export { PROMETHEUS_CONTENT_TYPE } from './metrics/exposition';
export { serveMetrics, startMetricsServer, type MetricsServer } from './metrics/metrics-handler';
export {
  createGatewayMetrics, createPolicyMetrics, createConsumerMetrics, createMeteringMetrics, CIRCUIT_STATE_VALUE,
  type GatewayMetrics, type GatewayGaugeSources, type PolicyMetrics, type ConsumerMetrics, type MeteringMetrics, type CircuitState,
} from './metrics/instruments';
// Logs
export { JsonLogger, type JsonLoggerOptions, type LogLevel, type LogFields } from './logging/json-logger';
export { redact, allowContent, AllowedContent, isSecretField, isContentField, scrubString, REDACTED, REDACTED_CONTENT } from './logging/redact';
// Nest
export { TelemetryModule, MetricsController, METRICS_REGISTRY, TELEMETRY, type TelemetryModuleOptions } from './nest/telemetry.module';
