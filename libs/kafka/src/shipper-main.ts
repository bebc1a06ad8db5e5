import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { kafkaConfigFromEnv } from './config/kafka-config-from-env';
import { serveMetrics } from './shipper/shipper-metrics';
import { SpoolShipper, type ShipperStats } from './shipper/spool-shipper';

/**
 * The spool shipper process: ships a gateway's event spool (written with ASC_EVENT_SHIPPER=external) to Kafka.
 *
 *   node libs/kafka/dist/shipper-main.js --spool-dir <dir> [--metrics-port <port>] [--metrics-host 127.0.0.1]
 *     [--stats-interval-ms 60000] [--drain-timeout-ms 10000] [--linger-ms 20] [--lock-wait-ms 7000]
 *     [--retry-max-ms 10000]
 *   Kafka: KAFKA_BROKERS and the other KAFKA_* variables (kafka-config-from-env.ts). --spool-dir defaults to ASC_SPOOL_DIR.
 *
 * Prints one `spool-shipper running …` line once it holds the spool and ships; a stats line every
 * --stats-interval-ms (0: never) and when the last send error changes. SIGTERM/SIGINT: ships until the writer has
 * released the spool and all it wrote is shipped, for at most --drain-timeout-ms, then exits 0 (the rest stays
 * spooled for the next start). Exit 2: bad arguments or configuration; exit 1: it could not start (spool locked).
 */
const EXIT_USAGE = 2;

function fail(message: string, code: number): never {
  process.stderr.write(`spool-shipper: ${message}\n`);
  process.exit(code);
}

function intArg(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) fail(`--${name} must be a non-negative integer`, EXIT_USAGE);
  return n;
}

function statsLine(stats: ShipperStats): string {
  const error = stats.lastError ? ` last_error="${stats.lastError.message}" at ${stats.lastError.at}` : '';
  return `spool-shipper stats: sent=${stats.sentEvents} batches=${stats.sentBatches} backlog_bytes=${stats.backlogBytes} shipped_total=${stats.cursor.shipped} connected=${stats.connected} cpu_ms=${Math.round((stats.cpuUserUs + stats.cpuSystemUs) / 1000)}${error}\n`;
}

const OPTIONS = {
  'spool-dir': { type: 'string' },
  'metrics-port': { type: 'string' },
  'metrics-host': { type: 'string', default: '127.0.0.1' },
  'stats-interval-ms': { type: 'string' },
  'drain-timeout-ms': { type: 'string' },
  'linger-ms': { type: 'string' },
  'lock-wait-ms': { type: 'string' },
  'retry-max-ms': { type: 'string' },
} as const;

function parseCli(): ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'] {
  try {
    return parseArgs({ options: OPTIONS }).values;
  } catch (err) {
    fail((err as Error).message, EXIT_USAGE); // unknown option, missing value
  }
}

async function main(): Promise<void> {
  const values = parseCli();
  const dirArg = values['spool-dir'] ?? process.env['ASC_SPOOL_DIR'];
  if (!dirArg) fail('--spool-dir (or ASC_SPOOL_DIR) is required', EXIT_USAGE);
  const dir = resolve(dirArg);
  const statsIntervalMs = intArg(values['stats-interval-ms'], 'stats-interval-ms', 60_000);
  const drainTimeoutMs = intArg(values['drain-timeout-ms'], 'drain-timeout-ms', 10_000);
  const lingerMs = intArg(values['linger-ms'], 'linger-ms', 20);
  // A restarted sidecar container cannot see its predecessor's pid: wait out the heartbeat (5 s) of its lock.
  const lockWaitMs = intArg(values['lock-wait-ms'], 'lock-wait-ms', 7_000);
  const retryMaxMs = intArg(values['retry-max-ms'], 'retry-max-ms', 10_000);
  const metricsPort = values['metrics-port'] === undefined ? undefined : intArg(values['metrics-port'], 'metrics-port', 0);

  let config;
  try {
    config = kafkaConfigFromEnv({ KAFKA_CLIENT_ID: 'asc-spool-shipper', ...process.env });
  } catch (err) {
    fail((err as Error).message, EXIT_USAGE);
  }
  const kafka = new Kafka({ ...config, logLevel: logLevel.NOTHING });
  let shipper: SpoolShipper;
  try {
    shipper = await SpoolShipper.start({ kafka, dir, lingerMs, retry: { initialMs: Math.min(200, retryMaxMs), maxMs: retryMaxMs }, lock: { waitMs: lockWaitMs } });
  } catch (err) {
    fail((err as Error).message, 1);
  }
  const metrics = metricsPort === undefined ? undefined : await serveMetrics(() => shipper.stats(), metricsPort, values['metrics-host']);

  let lastError: string | null = null;
  const errorWatch = setInterval(() => {
    const current = shipper.stats().lastError?.at ?? null;
    if (current !== lastError) {
      lastError = current;
      if (current !== null) process.stdout.write(statsLine(shipper.stats()));
    }
  }, 1000);
  const statsTimer = statsIntervalMs > 0 ? setInterval(() => process.stdout.write(statsLine(shipper.stats())), statsIntervalMs) : undefined;

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    clearInterval(errorWatch);
    clearInterval(statsTimer);
    const drained = await shipper.close({ timeoutMs: drainTimeoutMs });
    await metrics?.close();
    const stats = shipper.stats();
    process.stdout.write(`spool-shipper stopped (${signal}): drained=${drained} sent=${stats.sentEvents} backlog_bytes=${stats.backlogBytes}\n`);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  process.stdout.write(
    `spool-shipper running: dir=${dir} brokers=${config.brokers.toString()} pid=${process.pid}${metrics ? ` metrics=${metrics.url}/metrics` : ''}\n`,
  );
}

void main().catch((err: unknown) => fail(err instanceof Error ? (err.stack ?? err.message) : String(err), 1));
