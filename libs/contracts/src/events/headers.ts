import type { EventContract } from './contract';

/**
 * Kafka message headers carried by every ASC event. Trace context follows W3C Trace Context
 * (https://www.w3.org/TR/trace-context/): `traceparent` = `00-<32 hex trace-id>-<16 hex parent-id>-<2 hex flags>`.
 */
export const EVENT_HEADERS = {
  contentType: 'content-type',
  /** Contract name, e.g. `usage.recorded.v1`. */
  schema: 'schema',
  traceparent: 'traceparent',
  tracestate: 'tracestate',
} as const;

/** Dead-letter headers added next to the original headers. */
export const DLQ_HEADERS = {
  error: 'dlq-error',
  originalTopic: 'dlq-original-topic',
  originalPartition: 'dlq-original-partition',
  originalOffset: 'dlq-original-offset',
  consumerGroup: 'dlq-consumer-group',
} as const;

export interface TraceContext {
  traceparent: string;
  tracestate?: string;
}

const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

export function isTraceparent(value: string): boolean {
  return TRACEPARENT.test(value);
}

export function eventHeaders(contract: EventContract, trace?: TraceContext): Record<string, string> {
  const headers: Record<string, string> = {
    [EVENT_HEADERS.contentType]: contract.contentType,
    [EVENT_HEADERS.schema]: contract.name,
  };
  if (trace && isTraceparent(trace.traceparent)) {
    headers[EVENT_HEADERS.traceparent] = trace.traceparent;
    if (trace.tracestate) headers[EVENT_HEADERS.tracestate] = trace.tracestate;
  }
  return headers;
}

/** Reads trace context from consumed headers (kafkajs gives Buffer | string | array values). */
export function traceContextFrom(headers: Record<string, unknown> | undefined): TraceContext | undefined {
  const traceparent = headerString(headers, EVENT_HEADERS.traceparent);
  if (!traceparent || !isTraceparent(traceparent)) return undefined;
  const tracestate = headerString(headers, EVENT_HEADERS.tracestate);
  return tracestate ? { traceparent, tracestate } : { traceparent };
}

export function headerString(headers: Record<string, unknown> | undefined, name: string): string | undefined {
  const raw = headers?.[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  return undefined;
}
