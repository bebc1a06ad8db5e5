import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadPolicyConfig } from '@asc/config';
import { startTelemetry } from '@asc/telemetry';
import { startPolicyApp } from './create-app';

async function bootstrap(): Promise<void> {
  const config = loadPolicyConfig();
  // Tracing is configured by the standard OTEL_* variables (OTEL_TRACES_EXPORTER=none turns it off).
  const telemetry = startTelemetry({ serviceName: 'asc-policy' });
  const app = await startPolicyApp(config, telemetry);
  // Tests and the supervisor read these two lines to find the ports (they may be picked by the OS with port 0).
  new Logger('Policy').log(`admin HTTP listening on http://${config.ASC_POLICY_HOST}:${app.httpPort}`);
}

bootstrap().catch((error: unknown) => {
  // Configuration errors list every bad variable; print them plainly and exit non-zero.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
