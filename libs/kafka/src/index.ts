export { kafkaConfigFromEnv, KafkaConfigError } from './config/kafka-config-from-env';
export { consumerFetchFromEnv } from './config/consumer-fetch-from-env';
export { SpoolFullError, ProducerClosedError } from './errors';
export {
  ReliableProducer, type ReliableProducerOptions, type InProcessProducerOptions, type ExternalProducerOptions, type PublishOptions, type PublishOutcome, type ProducerStats, type SpoolFullPolicy,
} from './producer/reliable-producer';
export { DiskSpool, type DiskSpoolOptions, type SpoolPosition, type SpoolBatch } from './spool/disk-spool';
export { SpoolTail, type SpoolTailOptions } from './spool/spool-tail';
export { SpoolLock, SpoolLockedError, type SpoolRole, type SpoolLockOptions } from './spool/spool-lock';
export type { SpoolCursor } from './spool/spool-files';
export { SpoolSender, type SpoolSenderOptions, type SpoolSource, type SenderStats } from './producer/spool-sender';
export { SpoolShipper, type SpoolShipperOptions, type ShipperStats } from './shipper/spool-shipper';
export { serveMetrics, metricsText } from './shipper/shipper-metrics';
export type { SpoolRecord, SpooledRecord } from './spool/record-frame';
export { registerFastGzip, GZIP_LEVEL } from './producer/fast-gzip';
export {
  runConsumer, type RunConsumerOptions, type FetchOptions, type ConsumerHandle, type ConsumerStats, type ConsumedEvent, type EventBatch,
} from './consumer/run-consumer';
export { ConsumerLagMonitor, type LagMonitorOptions, type PartitionLag } from './consumer/lag-monitor';
export { ensureTopics, topicConfigEntries, type EnsureTopicsOptions } from './admin/ensure-topics';
export {
  claimEvents, withTransaction, processedEventsTableSql, type SqlClient, type SqlPool,
} from './postgres/processed-events';
export { backoffDelay, type BackoffOptions } from './backoff';
