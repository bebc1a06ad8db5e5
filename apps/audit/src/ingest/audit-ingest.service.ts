import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Kafka, logLevel } from 'kafkajs';
import { auditRecordedV1 } from '@asc/contracts/events';
import { ConsumerLagMonitor, consumerFetchFromEnv, kafkaConfigFromEnv, runConsumer, type ConsumerHandle, type ConsumerStats } from '@asc/kafka';
import { createConsumerMetrics, METRICS_REGISTRY, type ConsumerMetrics, type MetricsRegistry } from '@asc/telemetry';
import { AUDIT_CONFIG, type AuditConfig } from '../audit-config';
import { ChainWriter } from '../chain/chain-writer';

export interface IngestStats {
  running: boolean;
  appended: number;
  duplicates: number;
  checkpoints: number;
  /** One entry per consumer-group member of this process. */
  consumers: ConsumerStats[];
}

/** kafkajs fetch settings unless KAFKA_CONSUMER_* says otherwise (measured with bench/audit-ingest.mjs). */
const INGEST_FETCH = { partitionsConsumedConcurrently: 3 };

/**
 * Consumes audit.recorded.v1 (every kind) into the chains. The topic is keyed by tenant, so one tenant's events
 * arrive in order on one partition; each fetched chunk becomes one ChainWriter transaction, and its offset is
 * committed only after that transaction (runConsumer), so a crash or rebalance redelivers and the writer's
 * (tenant, event id) check makes the redelivery a no-op.
 */
@Injectable()
export class AuditIngestService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('AuditIngest');
  private handles: ConsumerHandle[] = [];
  private readonly totals = { appended: 0, duplicates: 0, checkpoints: 0 };
  private lag: ConsumerLagMonitor | undefined;
  private readonly metrics: ConsumerMetrics;

  constructor(
    @Inject(AUDIT_CONFIG) private readonly config: AuditConfig,
    private readonly writer: ChainWriter,
    @Inject(METRICS_REGISTRY) registry: MetricsRegistry,
  ) {
    this.metrics = createConsumerMetrics(registry, 'audit', () => this.lag?.current() ?? []);
  }

  async onModuleInit(): Promise<void> {
    if (!this.config.ASC_AUDIT_INGEST_ENABLED) return;
    if (this.config.KAFKA_BROKERS.length === 0) {
      this.logger.warn('KAFKA_BROKERS is empty: audit ingestion is off (API only)');
      return;
    }
    const kafka = new Kafka({ ...kafkaConfigFromEnv(this.config.kafkaEnv), logLevel: logLevel.ERROR });
    for (let member = 0; member < Math.max(1, this.config.ASC_AUDIT_CONSUMERS); member++) this.handles.push(await this.startMember(kafka));
    this.lag = new ConsumerLagMonitor({
      kafka,
      groupId: this.config.ASC_AUDIT_CONSUMER_GROUP,
      topics: [auditRecordedV1.topic],
      intervalMs: this.config.ASC_CONSUMER_LAG_POLL_MS,
      onError: (error) => this.logger.warn(`consumer lag: ${(error as Error).message}`),
    });
    await this.lag.start();
  }

  private startMember(kafka: Kafka): Promise<ConsumerHandle> {
    return runConsumer({
      kafka,
      groupId: this.config.ASC_AUDIT_CONSUMER_GROUP,
      topics: [auditRecordedV1],
      maxBatchEvents: this.config.ASC_AUDIT_BATCH_EVENTS,
      metrics: this.metrics,
      fetch: consumerFetchFromEnv(this.config.kafkaEnv, INGEST_FETCH),
      handleBatch: async ({ events }) => {
        const result = await this.writer.append(events.map((e) => e.event));
        this.totals.appended += result.appended;
        this.totals.duplicates += result.duplicates;
        this.totals.checkpoints += result.checkpoints;
      },
      onHandlerError: (error, { partition, attempt }) => this.logger.error(`append failed (partition ${partition}, attempt ${attempt + 1}): ${(error as Error).message}`),
    });
  }

  stats(): IngestStats {
    return { running: this.handles.length > 0, ...this.totals, consumers: this.handles.map((h) => h.stats()) };
  }

  async onApplicationShutdown(): Promise<void> {
    const handles = this.handles;
    this.handles = [];
    await this.lag?.stop();
    await Promise.all(handles.map((h) => h.stop()));
  }
}
