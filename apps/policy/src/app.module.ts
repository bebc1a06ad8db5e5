import { Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { PolicyConfig } from '@asc/config';
import type { RateLimiter } from '@asc/policy';
import { MetricsRegistry, TelemetryModule, type Telemetry } from '@asc/telemetry';
import { PolicyAdminController } from './admin/policy-admin.controller';
import { PolicyAdminService } from './admin/policy-admin.service';
import { DatabaseModule } from './database/database.module';
import { DECISION_AUDIT, type DecisionAuditSink } from './decisions/decision-audit';
import { decisionAuditProvider } from './decisions/decision-audit.provider';
import { DecisionService } from './decisions/decision.service';
import { RATE_LIMITER, rateLimiterProvider } from './decisions/rate-limiter.provider';
import { AdminExceptionFilter } from './errors/exception.filter';
import { GrpcServerService } from './grpc/grpc-server.service';
import { HealthController } from './health/health.controller';
import { POLICY_CONFIG } from './policy-config';
import { PolicySnapshotService } from './snapshot/policy-snapshot.service';
import { policyMetricsProvider } from './telemetry/policy-metrics';

/** Closes the rate limiter (Redis) and flushes the decision audit on shutdown. */
@Injectable()
class DecisionLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    @Inject(DECISION_AUDIT) private readonly audit: DecisionAuditSink,
  ) {}
  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.limiter.close(), this.audit.close()]);
  }
}

/** Every provider, controller and global filter of the policy service, in one place. */
@Module({})
export class AppModule {
  static forRoot(config: PolicyConfig, telemetry?: Telemetry): DynamicModule {
    return {
      module: AppModule,
      // GET /metrics (Prometheus) on the admin HTTP port, and traces flushed on shutdown.
      imports: [DatabaseModule.forRoot(config), TelemetryModule.forRoot({ registry: new MetricsRegistry(), ...(telemetry ? { telemetry } : {}) })],
      controllers: [PolicyAdminController, HealthController],
      providers: [
        { provide: POLICY_CONFIG, useValue: config },
        { provide: APP_FILTER, useClass: AdminExceptionFilter },
        PolicySnapshotService,
        rateLimiterProvider,
        decisionAuditProvider,
        policyMetricsProvider,
        DecisionService,
        DecisionLifecycle,
        PolicyAdminService,
        GrpcServerService,
      ],
    };
  }
}
