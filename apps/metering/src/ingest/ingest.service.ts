import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { TOPICS, usageRecordedV1 } from '@asc/contracts/events';
import type { MeteringConfig } from '@asc/config';
import { ConsumerLagMonitor, consumerFetchFromEnv, ensureTopics, runConsumer, type ConsumerHandle, type ConsumerStats } from '@asc/kafka';
import { createConsumerMetrics, METRICS_REGISTRY, type ConsumerMetrics, type MetricsRegistry } from '@asc/telemetry';
import { Pricer, SEED_PRICE_TABLES } from '@asc/pricing';
import { PgPool } from '../database/pg-pool';
import { KAFKA } from '../kafka/kafka.provider';
import { METERING_CONFIG } from '../metering-config.token';
import { OutboxService } from '../outbox/outbox.service';
import { ingestBatch, type IngestContext } from './ingest-batch';

/** kafkajs fetch settings unless KAFKA_CONSUMER_* says otherwise (measured with bench/metering-ingest.mjs). */
const INGEST_FETCH = {};

/** Consumes `usage.recorded.v1` and applies each batch in one transaction (see ingest-batch.ts). */
@Injectable()
export class IngestService {
  private readonly logger = new Logger('Ingest');
  private handle: ConsumerHandle | undefined;
  private readonly ctx: IngestContext;
  private readonly counters = { fresh: 0, duplicates: 0, unpriced: 0 };
  private readonly lag: ConsumerLagMonitor;
  private readonly metrics: ConsumerMetrics;

  constructor(
    @Inject(METERING_CONFIG) private readonly config: MeteringConfig,
    @Inject(KAFKA) private readonly kafka: Kafka,
    pool: PgPool,
    private readonly outbox: OutboxService,
    @Inject(METRICS_REGISTRY) registry: MetricsRegistry,
  ) {
    this.lag = new ConsumerLagMonitor({
      kafka,
      groupId: config.ASC_METERING_GROUP_ID,
      topics: [usageRecordedV1.topic],
      intervalMs: config.ASC_CONSUMER_LAG_POLL_MS,
      onError: (error) => this.logger.warn(`consumer lag: ${(error as Error).message}`),
    });
    this.metrics = createConsumerMetrics(registry, 'metering', () => this.lag.current());
    this.ctx = {
      pool,
      pricer: new Pricer(SEED_PRICE_TABLES),
      consumerGroup: config.ASC_METERING_GROUP_ID,
      recordSource: config.ASC_METERING_SOURCE,
      budgetRefreshMs: config.ASC_BUDGET_STATE_REFRESH_MS,
    };
  }

  async start(): Promise<void> {
    if (this.config.ASC_METERING_ENSURE_TOPICS_RF > 0) {
      const admin = this.kafka.admin();
      await admin.connect();
      try {
        await ensureTopics(admin, TOPICS, { replicationFactor: this.config.ASC_METERING_ENSURE_TOPICS_RF });
      } finally {
        await admin.disconnect();
      }
    }
    this.handle = await runConsumer({
      kafka: this.kafka,
      groupId: this.config.ASC_METERING_GROUP_ID,
      topics: [usageRecordedV1],
      maxBatchEvents: this.config.ASC_METERING_MAX_BATCH,
      metrics: this.metrics,
      fetch: consumerFetchFromEnv(this.config.kafkaEnv, INGEST_FETCH),
      handleBatch: async ({ events }) => {
        const result = await ingestBatch(this.ctx, events.map((e) => e.event));
        this.counters.fresh += result.fresh;
        this.counters.duplicates += result.duplicates;
        this.counters.unpriced += result.unpriced;
        if (result.outbox > 0) this.outbox.wake();
      },
      onHandlerError: (error, where) => this.logger.warn(`batch of ${where.topic}[${where.partition}] failed (attempt ${where.attempt + 1}): ${(error as Error).message}`),
    });
    await this.lag.start();
  }

  stats(): ConsumerStats & { fresh: number; duplicates: number; unpriced: number } {
    return { ...(this.handle?.stats() ?? { handledEvents: 0, deadLetteredEvents: 0, handlerFailures: 0, commits: 0, lastError: null }), ...this.counters };
  }

  async stop(): Promise<void> {
    await this.lag.stop();
    await this.handle?.stop();
    this.handle = undefined;
  }
}
