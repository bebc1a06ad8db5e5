import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Kafka, Producer } from 'kafkajs';
import type { MeteringConfig } from '@asc/config';
import { METERING_CONFIG } from '../metering-config.token';
import { PgPool } from '../database/pg-pool';
import { KAFKA } from '../kafka/kafka.provider';
import { OutboxRelay } from './outbox-relay';

/** Owns the Kafka producer and the outbox relay; started and stopped by MeteringRuntime. */
@Injectable()
export class OutboxService {
  private readonly logger = new Logger('Outbox');
  private producer: Producer | undefined;
  private relay: OutboxRelay | undefined;

  constructor(
    @Inject(METERING_CONFIG) private readonly config: MeteringConfig,
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly pool: PgPool,
  ) {}

  async start(): Promise<void> {
    this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await this.producer.connect();
    this.relay = new OutboxRelay({
      pool: this.pool,
      producer: this.producer,
      pollMs: this.config.ASC_METERING_OUTBOX_POLL_MS,
      onError: (error) => this.logger.warn(`outbox relay: ${(error as Error).message}`),
    });
    this.relay.start();
  }

  wake(): void {
    this.relay?.wake();
  }

  sentRecords(): number {
    return this.relay?.sent ?? 0;
  }

  async stop(): Promise<void> {
    await this.relay?.stop();
    await this.relay?.drain().catch((error: unknown) => this.logger.warn(`outbox not drained at shutdown: ${(error as Error).message}`));
    await this.producer?.disconnect();
  }
}
