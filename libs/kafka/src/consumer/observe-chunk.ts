import type { TraceContext } from '@asc/contracts/events';
import { endSpan, extractKafkaContext, isTracingEnabled, SpanKind, startSpan, type ConsumerMetrics, type Span } from '@asc/telemetry';

/**
 * Tracing and metrics for one chunk of consumed events, called by `runConsumer` around each handler attempt.
 *
 * Each event gets a CONSUMER span that continues the producer's trace from the message's `traceparent` header
 * (OpenTelemetry messaging conventions: `messaging.system=kafka`, `messaging.destination.name`,
 * `messaging.operation=process`). The chunk is handled and committed as one unit, so all its spans end together,
 * with the handler's error if it failed. With tracing off and no metrics this costs one branch per chunk.
 */
export interface ChunkObservation {
  end(error?: unknown): void;
}

export interface ObservedChunk {
  topic: string;
  partition: number;
  groupId: string;
  events: readonly { trace: TraceContext | undefined; offset: string }[];
  metrics: ConsumerMetrics | undefined;
}

const NOTHING: ChunkObservation = { end: () => undefined };

export function observeChunk(chunk: ObservedChunk): ChunkObservation {
  const { metrics } = chunk;
  if (!isTracingEnabled() && metrics === undefined) return NOTHING;
  const startedAt = performance.now();
  const spans = isTracingEnabled() ? chunk.events.map((event) => startProcessSpan(chunk, event)) : [];
  return {
    end(error?: unknown) {
      for (const span of spans) endSpan(span, error);
      if (metrics === undefined) return;
      metrics.messages.inc({ topic: chunk.topic, outcome: error === undefined ? 'ok' : 'failed' }, chunk.events.length);
      metrics.batchDuration.observe({ topic: chunk.topic }, (performance.now() - startedAt) / 1000);
    },
  };
}

/** One message sent to `<topic>.dlq` instead of the handler. */
export function countDeadLettered(metrics: ConsumerMetrics | undefined, topic: string): void {
  metrics?.messages.inc({ topic, outcome: 'dead_lettered' });
}

function startProcessSpan(chunk: ObservedChunk, event: { trace: TraceContext | undefined; offset: string }): Span {
  return startSpan(`process ${chunk.topic}`, {
    kind: SpanKind.CONSUMER,
    parent: extractKafkaContext(event.trace === undefined ? undefined : { ...event.trace }),
    attributes: {
      'messaging.system': 'kafka',
      'messaging.destination.name': chunk.topic,
      'messaging.operation': 'process',
      'messaging.operation.type': 'process',
      'messaging.consumer.group.name': chunk.groupId,
      'messaging.destination.partition.id': String(chunk.partition),
      'messaging.kafka.offset': Number(event.offset),
    },
  });
}
