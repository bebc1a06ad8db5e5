import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadPolicyConfig } from '@asc/config';
import { startPolicyApp } from './create-app';

async function bootstrap(): Promise<void> {
  const config = loadPolicyConfig();
  const app = await startPolicyApp(config);
  // Tests and the supervisor read these two lines to find the ports (they may be picked by the OS with port 0).
  new Logger('Policy').log(`admin HTTP listening on http://${config.ASC_POLICY_HOST}:${app.httpPort}`);
}

bootstrap().catch((error: unknown) => {
  // Configuration errors list every bad variable; print them plainly and exit non-zero.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
