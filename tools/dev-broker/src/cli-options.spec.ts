import { describe, expect, it } from 'vitest';
import { CliUsageError, parseCliOptions } from './cli-options';

describe('parseCliOptions', () => {
  it('uses defaults, then environment variables, then flags', () => {
    expect(parseCliOptions([], {})).toEqual({ host: '127.0.0.1', port: 9092, dataDir: '.asc/kafka', defaultPartitions: 3, fsyncIntervalMs: 0, autoCreateTopics: true });
    const env = { DEV_BROKER_PORT: '19092', DEV_BROKER_DATA_DIR: '/var/kafka', DEV_BROKER_AUTO_CREATE: 'false' };
    expect(parseCliOptions([], env)).toMatchObject({ port: 19092, dataDir: '/var/kafka', autoCreateTopics: false });
    expect(parseCliOptions(['--port', '0', '--data-dir=/tmp/x', '--partitions', '6'], env)).toMatchObject({ port: 0, dataDir: '/tmp/x', defaultPartitions: 6 });
  });

  it('rejects unknown flags, missing values and bad numbers', () => {
    expect(() => parseCliOptions(['--prot', '1'], {})).toThrow(CliUsageError);
    expect(() => parseCliOptions(['--port'], {})).toThrow(/needs a value/);
    expect(() => parseCliOptions(['--port', 'abc'], {})).toThrow(/non-negative integer/);
  });
});
