import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { MeteringConfig } from '@asc/config';
import { JsonLogger, type Telemetry } from '@asc/telemetry';
import { AppModule } from './app.module';

/** Builds the metering application (used by `main.ts` and by in-process tests); consumption starts at `init()`. */
export async function createMeteringApp(config: MeteringConfig, telemetry?: Telemetry): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, telemetry), new FastifyAdapter({ logger: false }), {
    // One JSON line per log event, with trace ids, secrets redacted.
    logger: config.LOG_LEVEL === 'silent' ? false : new JsonLogger({ service: 'metering', level: config.LOG_LEVEL }),
  });
  app.enableShutdownHooks();
  await app.init();
  return app;
}
