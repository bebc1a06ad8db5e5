import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { MeteringConfig } from '@asc/config';
import { MetricsRegistry, TelemetryModule, type Telemetry } from '@asc/telemetry';
import { CallerGuard } from './auth/caller.guard';
import { KeySnapshotService } from './auth/key-snapshot.service';
import { BudgetsController } from './budgets/budgets.controller';
import { BudgetsService } from './budgets/budgets.service';
import { PgPool, createPgPool } from './database/pg-pool';
import { MeteringExceptionFilter } from './errors/exception.filter';
import { HealthController } from './health/health.controller';
import { IngestService } from './ingest/ingest.service';
import { kafkaProvider } from './kafka/kafka.provider';
import { METERING_CONFIG } from './metering-config.token';
import { MeteringRuntime } from './metering-runtime';
import { OutboxService } from './outbox/outbox.service';
import { SpendController } from './query/spend.controller';

/** Every provider, controller and the global filter of the metering service, in one place. */
@Module({})
export class AppModule {
  static forRoot(config: MeteringConfig, telemetry?: Telemetry): DynamicModule {
    return {
      module: AppModule,
      // GET /metrics (Prometheus) and traces flushed on shutdown.
      imports: [TelemetryModule.forRoot({ registry: new MetricsRegistry(), ...(telemetry ? { telemetry } : {}) })],
      controllers: [SpendController, BudgetsController, HealthController],
      providers: [
        { provide: APP_FILTER, useClass: MeteringExceptionFilter },
        { provide: METERING_CONFIG, useValue: config },
        { provide: PgPool, useFactory: () => createPgPool(config.DATABASE_URL, config.ASC_METERING_DB_POOL) },
        kafkaProvider,
        KeySnapshotService,
        CallerGuard,
        OutboxService,
        BudgetsService,
        IngestService,
        MeteringRuntime,
      ],
    };
  }
}
