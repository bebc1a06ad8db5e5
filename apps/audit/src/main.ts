import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadAuditConfig } from '@asc/config';
import { createAuditApp } from './create-app';

async function bootstrap(): Promise<void> {
  const config = loadAuditConfig();
  const app = await createAuditApp(config);
  await app.listen({ port: config.ASC_AUDIT_PORT, host: config.ASC_AUDIT_HOST });
  const url = await app.getUrl();
  new Logger('Audit').log(`listening on ${url.replace('[::1]', '127.0.0.1')}`);
}

bootstrap().catch((error: unknown) => {
  // Configuration errors list every bad variable; print them plainly and exit non-zero.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
