import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AuditConfig } from '@asc/config';
import { AppModule } from './app.module';

/** Builds the audit service (used by `main.ts` and by in-process tests). */
export async function createAuditApp(config: AuditConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ logger: false, bodyLimit: 1024 * 1024 });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: config.LOG_LEVEL === 'silent' ? false : ['log', 'warn', 'error'],
  });
  app.enableShutdownHooks();
  await app.init();
  return app;
}
