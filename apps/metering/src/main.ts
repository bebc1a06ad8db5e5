import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadMeteringConfig } from '@asc/config';
import { startTelemetry } from '@asc/telemetry';
import { createMeteringApp } from './create-app';

async function bootstrap(): Promise<void> {
  const config = loadMeteringConfig();
  // Tracing is configured by the standard OTEL_* variables (OTEL_TRACES_EXPORTER=none turns it off).
  const telemetry = startTelemetry({ serviceName: 'asc-metering' });
  const app = await createMeteringApp(config, telemetry);
  await app.listen({ port: config.ASC_METERING_PORT, host: config.ASC_METERING_HOST });
  new Logger('Metering').log(`listening on ${(await app.getUrl()).replace('[::1]', '127.0.0.1')}`);
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
