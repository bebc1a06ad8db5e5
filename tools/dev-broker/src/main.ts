/**
 * CLI: `node tools/dev-broker/dist/main.js --host 127.0.0.1 --port 9092 --data-dir .asc/kafka`
 * (options and environment variables in cli-options.ts). Prints one line when listening; SIGTERM/SIGINT close the
 * listener, flush and close the logs, then exit 0.
 */
import { startBroker } from './broker';
import { CliUsageError, parseCliOptions } from './cli-options';

async function main(): Promise<void> {
  const options = parseCliOptions(process.argv.slice(2), process.env);
  const broker = await startBroker({
    ...options,
    logger: {
      info: (m) => process.stdout.write(`[dev-broker] ${m}\n`),
      warn: (m) => process.stderr.write(`[dev-broker] WARN ${m}\n`),
      error: (m) => process.stderr.write(`[dev-broker] ERROR ${m}\n`),
    },
  });
  process.stdout.write(`dev-broker listening on ${broker.brokers} (data dir ${options.dataDir})\n`);
  const shutdown = (signal: string): void => {
    process.stdout.write(`dev-broker: ${signal}, shutting down\n`);
    broker.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`dev-broker: shutdown failed: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`dev-broker: ${err instanceof CliUsageError ? err.message : (err as Error).stack}\n`);
  process.exit(err instanceof CliUsageError ? 2 : 1);
});
