import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadGatewayConfig } from '@asc/config';
import { startTelemetry } from '@asc/telemetry';
import { createGatewayApp } from './create-app';

async function bootstrap(): Promise<void> {
  const config = loadGatewayConfig();
  // Tracing is configured by the standard OTEL_* variables (OTEL_TRACES_EXPORTER=none turns it off).
  // The data plane passes every trace context explicitly, so no AsyncLocalStorage (async hooks on every promise).
  const telemetry = startTelemetry({ serviceName: 'asc-gateway', activeContext: 'explicit' });
  const app = await createGatewayApp(config, telemetry);
  await app.listen({ port: config.ASC_GATEWAY_PORT, host: config.ASC_GATEWAY_HOST });
  const url = await app.getUrl();
  new Logger('Gateway').log(`listening on ${url.replace('[::1]', '127.0.0.1')}`);
}

bootstrap().catch((error: unknown) => {
  // Configuration errors list every bad variable; print them plainly and exit non-zero.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
