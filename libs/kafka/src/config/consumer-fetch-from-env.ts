import { z } from 'zod';
import type { FetchOptions } from '../consumer/run-consumer';
import { KafkaConfigError } from './kafka-config-from-env';

/**
 * Environment -> kafkajs fetch settings of a consumer (`runConsumer`'s `fetch`), over the service's own defaults:
 *
 * KAFKA_CONSUMER_MAX_BYTES_PER_PARTITION  bytes of one partition per fetch (the ceiling of one handled batch)
 * KAFKA_CONSUMER_MAX_BYTES                bytes per fetch over all partitions
 * KAFKA_CONSUMER_MIN_BYTES / KAFKA_CONSUMER_MAX_WAIT_MS  the broker answers at this many bytes or after this wait
 * KAFKA_CONSUMER_PARTITIONS_CONCURRENTLY  partitions handled at the same time
 */
const positive = z.coerce.number().int().positive().optional();
const envSchema = z.object({
  KAFKA_CONSUMER_MAX_BYTES_PER_PARTITION: positive,
  KAFKA_CONSUMER_MAX_BYTES: positive,
  KAFKA_CONSUMER_MIN_BYTES: positive,
  KAFKA_CONSUMER_MAX_WAIT_MS: positive,
  KAFKA_CONSUMER_PARTITIONS_CONCURRENTLY: positive,
});

/** Throws `KafkaConfigError` listing every bad variable. */
export function consumerFetchFromEnv(env: Record<string, string | undefined>, defaults: FetchOptions = {}): FetchOptions {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) throw new KafkaConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  const e = parsed.data;
  return {
    maxBytesPerPartition: e.KAFKA_CONSUMER_MAX_BYTES_PER_PARTITION ?? defaults.maxBytesPerPartition,
    maxBytes: e.KAFKA_CONSUMER_MAX_BYTES ?? defaults.maxBytes,
    minBytes: e.KAFKA_CONSUMER_MIN_BYTES ?? defaults.minBytes,
    maxWaitTimeInMs: e.KAFKA_CONSUMER_MAX_WAIT_MS ?? defaults.maxWaitTimeInMs,
    partitionsConsumedConcurrently: e.KAFKA_CONSUMER_PARTITIONS_CONCURRENTLY ?? defaults.partitionsConsumedConcurrently,
  };
}
