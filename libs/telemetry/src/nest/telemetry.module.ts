import { Controller, Get, Header, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { PROMETHEUS_CONTENT_TYPE } from '../metrics/exposition';
import type { MetricsRegistry } from '../metrics/registry';
import type { Telemetry } from '../tracing/start-telemetry';

export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');
export const TELEMETRY = Symbol('TELEMETRY');

/** GET /metrics in Prometheus text format (works on the Fastify and Express adapters alike). */
@Controller()
export class MetricsController {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: MetricsRegistry) {}

  @Get('metrics')
  @Header('content-type', PROMETHEUS_CONTENT_TYPE)
  @Header('cache-control', 'no-store')
  metrics(): string {
    return this.registry.render();
  }
}

/** Flushes and stops tracing when the Nest application closes (needs `app.enableShutdownHooks()` for signals). */
class TelemetryShutdown implements OnApplicationShutdown {
  constructor(@Inject(TELEMETRY) private readonly telemetry: Telemetry | null) {}

  async onApplicationShutdown(): Promise<void> {
    await this.telemetry?.shutdown();
  }
}

export interface TelemetryModuleOptions {
  registry: MetricsRegistry;
  /** The handle from `startTelemetry`; shut down (flushed) with the application. */
  telemetry?: Telemetry;
}

/**
 * `imports: [TelemetryModule.forRoot({ registry, telemetry })]`: serves /metrics, makes the registry injectable
 * everywhere as `@Inject(METRICS_REGISTRY)`, and flushes traces on shutdown.
 */
@Module({})
export class TelemetryModule {
  static forRoot(options: TelemetryModuleOptions): DynamicModule {
    return {
      module: TelemetryModule,
      global: true,
      controllers: [MetricsController],
      providers: [
        { provide: METRICS_REGISTRY, useValue: options.registry },
        { provide: TELEMETRY, useValue: options.telemetry ?? null },
        TelemetryShutdown,
      ],
      exports: [METRICS_REGISTRY, TELEMETRY],
    };
  }
}
