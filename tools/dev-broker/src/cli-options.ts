/**
 * CLI flags and environment variables for main.ts. Flags win over environment variables:
 *   --host            DEV_BROKER_HOST              default 127.0.0.1
 *   --port            DEV_BROKER_PORT              default 9092
 *   --data-dir        DEV_BROKER_DATA_DIR          default .asc/kafka
 *   --partitions      DEV_BROKER_PARTITIONS        default 3 (auto-created topics)
 *   --no-auto-create  DEV_BROKER_AUTO_CREATE=false
 *   --fsync-interval-ms DEV_BROKER_FSYNC_INTERVAL_MS default 0 (page cache only)
 */
import { BrokerOptions } from './broker';

export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

function intOption(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new CliUsageError(`${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

export function parseCliOptions(argv: readonly string[], env: NodeJS.ProcessEnv): BrokerOptions {
  const flags = new Map<string, string>();
  let autoCreate = env['DEV_BROKER_AUTO_CREATE'] !== 'false';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--no-auto-create') {
      autoCreate = false;
      continue;
    }
    const [name, inline] = arg.split('=', 2) as [string, string | undefined];
    if (!['--host', '--port', '--data-dir', '--partitions', '--fsync-interval-ms'].includes(name)) {
      throw new CliUsageError(`unknown option ${arg}`);
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new CliUsageError(`${name} needs a value`);
    flags.set(name, value);
  }
  return {
    host: flags.get('--host') ?? env['DEV_BROKER_HOST'] ?? '127.0.0.1',
    port: intOption('--port', flags.get('--port') ?? env['DEV_BROKER_PORT'], 9092),
    dataDir: flags.get('--data-dir') ?? env['DEV_BROKER_DATA_DIR'] ?? '.asc/kafka',
    defaultPartitions: intOption('--partitions', flags.get('--partitions') ?? env['DEV_BROKER_PARTITIONS'], 3),
    fsyncIntervalMs: intOption('--fsync-interval-ms', flags.get('--fsync-interval-ms') ?? env['DEV_BROKER_FSYNC_INTERVAL_MS'], 0),
    autoCreateTopics: autoCreate,
  };
}
