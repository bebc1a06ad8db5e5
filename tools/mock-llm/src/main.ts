/** CLI entry: `node tools/mock-llm/dist/main.js --host 127.0.0.1 --port 8090 [--latency-ms N ...]` (see cli-args.ts). */
import { parseCliArgs } from './cli-args';
import { startMockLlm } from './server';

async function main(): Promise<void> {
  let options;
  try {
    options = parseCliArgs(process.argv.slice(2), process.env);
  } catch (error) {
    process.stderr.write(`mock-llm: ${(error as Error).message}\n`);
    process.exit(2);
  }
  const mock = await startMockLlm({ host: options.host, port: options.port, defaults: options.defaults });
  process.stdout.write(`mock-llm listening on ${mock.url}\n`);
  let closing = false;
  const shutdown = (): void => {
    if (closing) return;
    closing = true;
    mock.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`mock-llm: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
