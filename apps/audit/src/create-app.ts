import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AuditConfig } from '@asc/config';
import { JsonLogger, type Telemetry } from '@asc/telemetry';
import { AppModule } from './app.module';

/** Builds the audit service (used by `main.ts` and by in-process tests). */
export async function createAuditApp(config: AuditConfig, telemetry?: Telemetry): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ logger: false, bodyLimit: 1024 * 1024 });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, telemetry), adapter, {
    // One JSON line per log event, with trace ids, secrets redacted.
    logger: config.LOG_LEVEL === 'silent' ? false : new JsonLogger({ service: 'audit', level: config.LOG_LEVEL }),
  });
  app.enableShutdownHooks();
  await app.init();
  return app;
}
