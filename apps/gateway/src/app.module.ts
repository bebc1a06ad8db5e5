import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { GatewayConfig } from '@asc/config';
import { AuthService } from './auth/auth.service';
import { SnapshotService } from './config-snapshot/snapshot.service';
import { DialectExceptionFilter } from './errors/exception.filter';
import { HealthController } from './health/health.controller';
import { ChatProxyService } from './proxy/chat-proxy.service';
import { EmbeddingsProxyService } from './proxy/embeddings-proxy.service';
import { RequestContextFactory } from './proxy/request-context.factory';
import { DataPlaneHandler } from './data-plane/data-plane.handler';
import { OpenAIController } from './surfaces/openai.controller';
import { UpstreamClient } from './upstream/upstream-client';
import { DeploymentHealth } from './routing/deployment-health';
import { RouteExecutor } from './routing/route-executor';
import { PolicyEnforcer } from './policy/policy-enforcer';
import { BudgetGuard } from './budget/budget-guard';
import { RequestAdmission } from './proxy/request-admission';
import { UsageRecorder } from './usage/usage-recorder';
import { eventSinkProvider } from './usage/event-sink.provider';
import { AdminController } from './admin/admin.controller';
import { AdminTokenGuard } from './admin/admin-token.guard';
import { DatabaseModule } from './database/database.module';
import { MetricsRegistry, TelemetryModule, type Telemetry } from '@asc/telemetry';
import { GatewayMetricsService } from './telemetry/gateway-metrics.service';

/** Every global filter and provider of the gateway, in one place. */
@Module({})
export class AppModule {
  static forRoot(config: GatewayConfig, telemetry?: Telemetry): DynamicModule {
    return {
      module: AppModule,
      imports: [DatabaseModule.forRoot(config), TelemetryModule.forRoot({ registry: new MetricsRegistry(), ...(telemetry ? { telemetry } : {}) })],
      controllers: [OpenAIController, HealthController, AdminController],
      providers: [
        { provide: APP_FILTER, useClass: DialectExceptionFilter },
        SnapshotService,
        AdminTokenGuard,
        AuthService,
        UpstreamClient,
        DeploymentHealth,
        RouteExecutor,
        PolicyEnforcer,
        BudgetGuard,
        RequestAdmission,
        RequestContextFactory,
        DataPlaneHandler,
        ChatProxyService,
        EmbeddingsProxyService,
        UsageRecorder,
        GatewayMetricsService,
        eventSinkProvider,
      ],
    };
  }
}
