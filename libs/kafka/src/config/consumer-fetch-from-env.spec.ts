import { describe, expect, it } from 'vitest';
import { consumerFetchFromEnv } from './consumer-fetch-from-env';
import { KafkaConfigError } from './kafka-config-from-env';

describe('consumerFetchFromEnv', () => {
  it('keeps the service defaults where the environment is silent and overrides them where it is not', () => {
    expect(consumerFetchFromEnv({ KAFKA_BROKERS: 'x:1' }, { partitionsConsumedConcurrently: 3 })).toEqual({
      maxBytesPerPartition: undefined, maxBytes: undefined, minBytes: undefined, maxWaitTimeInMs: undefined, partitionsConsumedConcurrently: 3,
    });
    expect(consumerFetchFromEnv({ KAFKA_CONSUMER_PARTITIONS_CONCURRENTLY: '1', KAFKA_CONSUMER_MAX_BYTES_PER_PARTITION: '4194304' }, { partitionsConsumedConcurrently: 3 }))
      .toMatchObject({ partitionsConsumedConcurrently: 1, maxBytesPerPartition: 4194304 });
  });

  it('refuses values that are not positive integers, naming the variable', () => {
    expect(() => consumerFetchFromEnv({ KAFKA_CONSUMER_MAX_WAIT_MS: '-1' })).toThrow(KafkaConfigError);
    expect(() => consumerFetchFromEnv({ KAFKA_CONSUMER_MIN_BYTES: 'lots' })).toThrow(/KAFKA_CONSUMER_MIN_BYTES/);
  });
});
