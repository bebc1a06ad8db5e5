import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { PolicyConfig } from '@asc/config';
import { JsonLogger, type Telemetry } from '@asc/telemetry';
import { AppModule } from './app.module';
import { GrpcServerService } from './grpc/grpc-server.service';

export interface PolicyApp {
  http: NestFastifyApplication;
  /** Bound ports (the configured ones, or the ones picked for port 0). */
  grpcPort: number;
  httpPort: number;
  close(): Promise<void>;
}

/** Builds and starts the policy service: gRPC server (after the first snapshot load) and the admin HTTP API. */
export async function startPolicyApp(config: PolicyConfig, telemetry?: Telemetry): Promise<PolicyApp> {
  const adapter = new FastifyAdapter({ logger: false, bodyLimit: 8 * 1024 * 1024 });
  const http = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, telemetry), adapter, {
    // One JSON line per log event, with trace ids, secrets redacted.
    logger: config.LOG_LEVEL === 'silent' ? false : new JsonLogger({ service: 'policy', level: config.LOG_LEVEL }),
  });
  http.enableShutdownHooks();
  await http.listen({ port: config.ASC_POLICY_HTTP_PORT, host: config.ASC_POLICY_HOST });
  const address = http.getHttpServer().address();
  const httpPort = typeof address === 'object' && address !== null ? address.port : config.ASC_POLICY_HTTP_PORT;
  return {
    http,
    grpcPort: http.get(GrpcServerService).port,
    httpPort,
    close: () => http.close(),
  };
}
