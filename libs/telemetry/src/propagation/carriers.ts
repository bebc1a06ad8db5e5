import { context, propagation, ROOT_CONTEXT, type Context, type TextMapGetter, type TextMapSetter } from '@opentelemetry/api';
import { isTracingEnabled } from '../tracing/tracing-state';

/**
 * W3C Trace Context (`traceparent`, `tracestate`: https://www.w3.org/TR/trace-context/) and W3C Baggage
 * (`baggage`: https://www.w3.org/TR/baggage/) through the propagators configured by `OTEL_PROPAGATORS`
 * (default `tracecontext,baggage`), over the three carriers ASC uses. Header names are lower-case in all three
 * (Node lower-cases HTTP headers; gRPC metadata keys are lower-case; ASC producers write lower-case Kafka headers).
 * With tracing off, extract returns the root context and inject writes nothing.
 */

/** Node's `IncomingHttpHeaders` or any plain header object (lower-case names). */
export type HttpHeaders = Readonly<Record<string, string | readonly string[] | number | undefined>>;

/** kafkajs `IHeaders`: producers may write strings, consumers receive Buffers; arrays for repeated headers. */
export type KafkaHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

/** The part of `@grpc/grpc-js` `Metadata` used here (structural, so this library does not load grpc-js). */
export interface GrpcMetadataLike {
  get(key: string): (string | Buffer)[];
  set(key: string, value: string): void;
}

function firstString(value: unknown): string | undefined {
  const one: unknown = Array.isArray(value) ? value[0] : value;
  if (typeof one === 'string') return one;
  if (one instanceof Uint8Array) return Buffer.from(one.buffer, one.byteOffset, one.byteLength).toString('utf8');
  if (typeof one === 'number') return String(one);
  return undefined;
}

const httpGetter: TextMapGetter<HttpHeaders> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => firstString(carrier[key]),
};
const kafkaGetter: TextMapGetter<KafkaHeaders> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => firstString(carrier[key]),
};
const grpcGetter: TextMapGetter<GrpcMetadataLike> = {
  keys: () => [],
  get: (carrier, key) => firstString(carrier.get(key)),
};
const recordSetter: TextMapSetter<Record<string, unknown>> = {
  set: (carrier, key, value) => {
    carrier[key] = value;
  },
};
const grpcSetter: TextMapSetter<GrpcMetadataLike> = {
  set: (carrier, key, value) => carrier.set(key, value),
};

/** Context carried by an incoming HTTP request (`req.headers`); the root context when none or tracing is off. */
export function extractHttpContext(headers: HttpHeaders): Context {
  if (!isTracingEnabled()) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, headers, httpGetter);
}

/** Writes `traceparent`/`tracestate`/`baggage` of `ctx` (default: active) into outgoing HTTP headers. */
export function injectHttpHeaders<H extends Record<string, unknown>>(headers: H, ctx?: Context): H {
  if (isTracingEnabled()) propagation.inject(ctx ?? context.active(), headers, recordSetter);
  return headers;
}

/** Context carried by a consumed Kafka message (`message.headers`). */
export function extractKafkaContext(headers: KafkaHeaders | undefined): Context {
  if (!isTracingEnabled() || headers === undefined) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, headers, kafkaGetter);
}

/** Writes the trace headers of `ctx` (default: active) into a produced message's headers, as strings. */
export function injectKafkaHeaders<H extends KafkaHeaders>(headers: H, ctx?: Context): H {
  if (isTracingEnabled()) propagation.inject(ctx ?? context.active(), headers, recordSetter as TextMapSetter<H>);
  return headers;
}

/** Context carried by an incoming gRPC call (`call.metadata`). */
export function extractGrpcContext(metadata: GrpcMetadataLike): Context {
  if (!isTracingEnabled()) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, metadata, grpcGetter);
}

/** Writes the trace headers of `ctx` (default: active) into outgoing gRPC metadata. */
export function injectGrpcMetadata<M extends GrpcMetadataLike>(metadata: M, ctx?: Context): M {
  if (isTracingEnabled()) propagation.inject(ctx ?? context.active(), metadata, grpcSetter);
  return metadata;
}

/**
 * `{ traceparent, tracestate? }` of `ctx` (default: active), the shape `@asc/contracts` `eventHeaders()` takes;
 * undefined when tracing is off or there is no valid span.
 */
export function traceContextOf(ctx?: Context): { traceparent: string; tracestate?: string } | undefined {
  if (!isTracingEnabled()) return undefined;
  const headers: Record<string, string> = {};
  propagation.inject(ctx ?? context.active(), headers, recordSetter);
  const traceparent = headers.traceparent;
  if (traceparent === undefined) return undefined;
  return headers.tracestate === undefined ? { traceparent } : { traceparent, tracestate: headers.tracestate };
}
