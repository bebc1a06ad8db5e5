// Test support, imported as `@asc/telemetry/testing` (not needed at run time by services).
export { startOtlpCollector, decodeOtlpJson, OTLP_SPAN_KIND, type OtlpCollector, type CollectedSpan, type AttributeValue } from './otlp-collector';
