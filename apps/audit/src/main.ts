import 'reflect-metadata';
import cluster from 'node:cluster';
import { Logger } from '@nestjs/common';
import { loadAuditConfig } from '@asc/config';
import { startTelemetry } from '@asc/telemetry';
import { createAuditApp } from './create-app';

async function bootstrap(): Promise<void> {
  const config = loadAuditConfig();
  // Tracing is configured by the standard OTEL_* variables (OTEL_TRACES_EXPORTER=none turns it off).
  const telemetry = startTelemetry({ serviceName: 'asc-audit' });
  const app = await createAuditApp(config, telemetry);
  await app.listen({ port: config.ASC_AUDIT_PORT, host: config.ASC_AUDIT_HOST });
  const url = await app.getUrl();
  new Logger('Audit').log(`listening on ${url.replace('[::1]', '127.0.0.1')}${cluster.isWorker ? ` (process ${cluster.worker?.id})` : ''}`);
}

/**
 * `ASC_AUDIT_PROCESSES` > 1: a primary forks that many copies of the service (node:cluster; they share the HTTP
 * port and join the same consumer group), so hashing and decoding use every core. The chain writer's row locks keep
 * appends per tenant serial across processes exactly as across instances.
 */
function supervise(processes: number): void {
  let stopping = false;
  const fork = (): void => void cluster.fork();
  for (let i = 0; i < processes; i++) fork();
  cluster.on('exit', (worker, code) => {
    if (stopping) return;
    new Logger('Audit').error(`process ${worker.id} exited (${code}); starting another`);
    setTimeout(fork, 1000);
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.kill(signal);
    });
  }
}

try {
  const processes = loadAuditConfig().ASC_AUDIT_PROCESSES;
  if (cluster.isPrimary && processes > 1) supervise(processes);
  else
    bootstrap().catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
} catch (error) {
  // Configuration errors list every bad variable; print them plainly and exit non-zero.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
