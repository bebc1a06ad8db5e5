import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import type { AuditConfig } from '@asc/config';
import { MetricsRegistry, TelemetryModule, type Telemetry } from '@asc/telemetry';
import { AuditorsController } from './api/auditors.controller';
import { HealthController } from './api/health.controller';
import { TimelineController } from './api/timeline.controller';
import { VerifyController } from './api/verify.controller';
import { AUDIT_CONFIG } from './audit-config';
import { AuditAuthGuard } from './auth/audit-auth.guard';
import { AuditorRepository } from './auth/auditor.repository';
import { KeySnapshotService } from './auth/key-snapshot.service';
import { TenantAccess } from './auth/tenant-access';
import { AuditReader } from './chain/audit-reader';
import { ChainVerifierService } from './chain/chain-verifier.service';
import { ChainWriter } from './chain/chain-writer';
import { CheckpointSigner } from './chain/checkpoint-signer';
import { PgPoolCloser, pgPoolProvider } from './database/pg-pool.provider';
import { AuditExceptionFilter } from './errors/exception.filter';
import { AuditIngestService } from './ingest/audit-ingest.service';
import { CheckpointScheduler } from './ingest/checkpoint-scheduler.service';

/** Every global guard, filter and provider of the audit service, in one place. */
@Module({})
export class AppModule {
  static forRoot(config: AuditConfig, telemetry?: Telemetry): DynamicModule {
    return {
      module: AppModule,
      // GET /metrics (Prometheus) and traces flushed on shutdown.
      imports: [TelemetryModule.forRoot({ registry: new MetricsRegistry(), ...(telemetry ? { telemetry } : {}) })],
      controllers: [TimelineController, VerifyController, AuditorsController, HealthController],
      providers: [
        { provide: AUDIT_CONFIG, useValue: config },
        { provide: APP_FILTER, useClass: AuditExceptionFilter },
        { provide: APP_GUARD, useClass: AuditAuthGuard },
        pgPoolProvider,
        PgPoolCloser,
        CheckpointSigner,
        ChainWriter,
        AuditReader,
        ChainVerifierService,
        KeySnapshotService,
        AuditorRepository,
        TenantAccess,
        AuditIngestService,
        CheckpointScheduler,
      ],
    };
  }
}
