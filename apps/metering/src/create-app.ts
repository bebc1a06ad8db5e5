import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { MeteringConfig } from '@asc/config';
import { AppModule } from './app.module';

/** Builds the metering application (used by `main.ts` and by in-process tests); consumption starts at `init()`. */
export async function createMeteringApp(config: MeteringConfig): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), new FastifyAdapter({ logger: false }), {
    logger: config.LOG_LEVEL === 'silent' ? false : ['log', 'warn', 'error'],
  });
  app.enableShutdownHooks();
  await app.init();
  return app;
}
