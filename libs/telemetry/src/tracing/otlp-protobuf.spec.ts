import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endSpan, startSpan, startTelemetry, type Telemetry } from '../index';
import { startOtlpCollector, type OtlpCollector } from '../testing';

// The SDK default protocol, http/protobuf: the collector gets protobuf bodies holding the span's raw ids.
let collector: OtlpCollector;
let telemetry: Telemetry;

beforeAll(async () => {
  collector = await startOtlpCollector();
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT = collector.url;
  delete process.env.OTEL_EXPORTER_OTLP_PROTOCOL;
  process.env.OTEL_SERVICE_NAME = 'protobuf-spec-from-env';
  telemetry = startTelemetry({ serviceName: 'overridden-by-env' });
});

afterAll(async () => {
  await telemetry?.shutdown();
  await collector?.close();
});

describe('OTLP http/protobuf export', () => {
  it('exports spans as protobuf and flushes on shutdown', async () => {
    const span = startSpan('protobuf span');
    endSpan(span);
    await telemetry.shutdown();
    expect(collector.protobufBodies.length).toBeGreaterThan(0);
    const body = Buffer.concat(collector.protobufBodies);
    expect(body.includes(Buffer.from(span.spanContext().traceId, 'hex'))).toBe(true);
    expect(body.includes(Buffer.from(span.spanContext().spanId, 'hex'))).toBe(true);
    expect(body.includes(Buffer.from('protobuf span'))).toBe(true);
    expect(body.includes(Buffer.from('protobuf-spec-from-env'))).toBe(true);
    expect(body.includes(Buffer.from('overridden-by-env'))).toBe(false);
  });
});
