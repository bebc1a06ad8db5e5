import type { Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import {
  decodeEvent, headerString, traceContextFrom, type EventContract, type EventOf, type TraceContext,
} from '@asc/contracts/events';
import type { ConsumerMetrics } from '@asc/telemetry';
import { backoffDelay, sleep, type BackoffOptions } from '../backoff';
import { sendToDeadLetter } from './dead-letter';
import { countDeadLettered, observeChunk } from './observe-chunk';

/**
 * At-least-once, validated consumption of contract events.
 *
 * For each fetched batch of one partition: every message is decoded with its topic's contract; invalid ones go to
 * `<topic>.dlq` and are skipped; valid ones reach `handleBatch` in order, in chunks of at most `maxBatchEvents`.
 * The offset after a chunk is committed only once `handleBatch` resolved (its effect is durable). A failing handler is
 * retried with backoff, heartbeating, until it succeeds, the consumer stops, or a rebalance takes the partition away;
 * nothing is committed meanwhile, so the events are redelivered here or to the partition's new owner. Effects must
 * therefore be idempotent: see `claimEvents` in postgres/processed-events.ts.
 */
export interface ConsumedEvent<E> {
  event: E;
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  headers: Record<string, string>;
  trace: TraceContext | undefined;
  /** Kafka message timestamp (ms since epoch, as a string). */
  timestamp: string;
}

export interface EventBatch<E> {
  topic: string;
  partition: number;
  events: Array<ConsumedEvent<E>>;
}

export interface RunConsumerOptions<C extends EventContract> {
  kafka: Kafka;
  groupId: string;
  topics: readonly C[];
  handleBatch: (batch: EventBatch<EventOf<C>>) => Promise<void>;
  /** Where a new group starts. Default true: a new metering group must not skip recorded usage. */
  fromBeginning?: boolean;
  maxBatchEvents?: number;
  /** Backoff between handler attempts (and dead-letter sends). Default 100 ms doubling to 5 s. */
  retry?: BackoffOptions;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  /** Called on every handler failure before the retry, e.g. to log it. */
  onHandlerError?: (err: unknown, batch: { topic: string; partition: number; attempt: number }) => void;
  /** Messages, outcomes and handler latency per topic (`createConsumerMetrics`); traces need no option. */
  metrics?: ConsumerMetrics;
  /** kafkajs fetch settings; the defaults suit a few thousand events per second, high-volume consumers raise them. */
  fetch?: FetchOptions;
}

/** See https://kafka.js.org/docs/consuming#options; unset fields keep the kafkajs defaults. */
export interface FetchOptions {
  /** Bytes per partition per fetch (kafkajs default 1 MiB): the ceiling of one `eachBatch` call. */
  maxBytesPerPartition?: number;
  /** Bytes per fetch over all partitions (kafkajs default 10 MiB). */
  maxBytes?: number;
  /** The broker answers once it has this many bytes, or after `maxWaitTimeInMs` (kafkajs defaults 1 byte, 5 s). */
  minBytes?: number;
  maxWaitTimeInMs?: number;
  /**
   * Partitions whose batches are handled at the same time (kafkajs default 1). Above 1, one partition's handler
   * can wait on Postgres while another's decodes; batches of one partition still run one after the other.
   */
  partitionsConsumedConcurrently?: number;
}

export interface ConsumerStats {
  handledEvents: number;
  deadLetteredEvents: number;
  handlerFailures: number;
  commits: number;
  lastError: { message: string; at: string } | null;
}

export interface ConsumerHandle {
  readonly consumer: Consumer;
  stats(): ConsumerStats;
  /** Stops fetching, abandons in-flight retries (uncommitted, so redelivered later) and disconnects. */
  stop(): Promise<void>;
}

export async function runConsumer<C extends EventContract>(options: RunConsumerOptions<C>): Promise<ConsumerHandle> {
  const { kafka, groupId, topics, maxBatchEvents = 500, retry = { initialMs: 100, maxMs: 5000 } } = options;
  const contracts = new Map<string, C>(topics.map((c) => [c.topic, c]));
  const stats: ConsumerStats = { handledEvents: 0, deadLetteredEvents: 0, handlerFailures: 0, commits: 0, lastError: null };
  const stopping = new AbortController();
  const { partitionsConsumedConcurrently, ...fetch } = options.fetch ?? {};
  const consumer = kafka.consumer({
    groupId,
    sessionTimeout: options.sessionTimeoutMs ?? 30_000,
    heartbeatInterval: options.heartbeatIntervalMs ?? 3_000,
    allowAutoTopicCreation: false,
    ...definedOnly(fetch),
  });
  const dlq: Producer = kafka.producer({ allowAutoTopicCreation: false });
  await Promise.all([consumer.connect(), dlq.connect()]);
  await consumer.subscribe({ topics: [...contracts.keys()], fromBeginning: options.fromBeginning ?? true });

  const fail = (err: unknown): void => {
    stats.lastError = { message: err instanceof Error ? err.message : String(err), at: new Date().toISOString() };
  };

  /** Runs `attempt` until it succeeds; false if the partition was lost or the consumer stops first. */
  async function untilDone(payload: EachBatchPayload, attempt: (n: number) => Promise<void>): Promise<boolean> {
    for (let n = 0; ; n++) {
      if (!payload.isRunning() || payload.isStale() || stopping.signal.aborted) return false;
      try {
        await attempt(n);
        return true;
      } catch (err) {
        fail(err);
        await sleep(backoffDelay(n, retry), stopping.signal);
        await payload.heartbeat().catch(() => undefined);
      }
    }
  }

  async function eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const contract = contracts.get(batch.topic);
    if (!contract || batch.messages.length === 0) return;
    const origin = { topic: batch.topic, partition: batch.partition, groupId };
    let chunk: Array<ConsumedEvent<EventOf<C>>> = [];
    let chunkEnd: KafkaMessage | undefined;

    const completeChunk = async (): Promise<boolean> => {
      if (chunk.length > 0) {
        const events = chunk;
        const ok = await untilDone(payload, async (n) => {
          const observation = observeChunk({ topic: batch.topic, partition: batch.partition, groupId, events, metrics: options.metrics });
          try {
            await options.handleBatch({ topic: batch.topic, partition: batch.partition, events });
            observation.end();
          } catch (err) {
            observation.end(err);
            stats.handlerFailures += 1;
            options.onHandlerError?.(err, { topic: batch.topic, partition: batch.partition, attempt: n });
            throw err;
          }
        });
        if (!ok) return false;
        stats.handledEvents += events.length;
      }
      if (chunkEnd) {
        payload.resolveOffset(chunkEnd.offset);
        await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(chunkEnd.offset) + 1n).toString() }]);
        stats.commits += 1;
        await payload.heartbeat();
      }
      chunk = [];
      chunkEnd = undefined;
      return true;
    };

    for (const message of batch.messages) {
      const decoded = decodeEvent(contract, message.value);
      if (decoded.ok) {
        chunk.push(new DecodedMessage(decoded.event, batch.topic, batch.partition, message));
      } else {
        const sent = await untilDone(payload, () => sendToDeadLetter(dlq, origin, message, decoded.error));
        if (!sent) return;
        stats.deadLetteredEvents += 1;
        countDeadLettered(options.metrics, batch.topic);
      }
      chunkEnd = message;
      if (chunk.length >= maxBatchEvents && !(await completeChunk())) return;
    }
    await completeChunk();
  }

  await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch, ...definedOnly({ partitionsConsumedConcurrently }) });

  return {
    consumer,
    stats: () => ({ ...stats }),
    async stop() {
      stopping.abort();
      await consumer.disconnect();
      await dlq.disconnect();
    },
  };
}

/**
 * A decoded message. Headers and trace context are read from the raw headers on first access: most handlers never
 * look at them, and decoding them for every message costs as much as a third of the JSON parse.
 */
class DecodedMessage<E> implements ConsumedEvent<E> {
  private decodedHeaders: Record<string, string> | undefined;
  private decodedTrace: { value: TraceContext | undefined } | undefined;
  readonly offset: string;
  readonly key: string | null;
  readonly timestamp: string;

  constructor(
    readonly event: E,
    readonly topic: string,
    readonly partition: number,
    private readonly message: KafkaMessage,
  ) {
    this.offset = message.offset;
    this.key = message.key ? message.key.toString('utf8') : null;
    this.timestamp = message.timestamp;
  }

  get headers(): Record<string, string> {
    if (this.decodedHeaders === undefined) {
      const headers: Record<string, string> = {};
      for (const name of Object.keys(this.message.headers ?? {})) {
        const value = headerString(this.message.headers, name);
        if (value !== undefined) headers[name] = value;
      }
      this.decodedHeaders = headers;
    }
    return this.decodedHeaders;
  }

  get trace(): TraceContext | undefined {
    this.decodedTrace ??= { value: traceContextFrom(this.message.headers) };
    return this.decodedTrace.value;
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
