/** Record batches encoded by kafkajs's own RecordBatch encoder: the exact bytes a kafkajs producer sends. */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
type EncodeRecordBatch = (args: Record<string, unknown>) => Promise<{ buffer: Buffer }>;
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0') as { RecordBatch: EncodeRecordBatch };
const Record = require('kafkajs/src/protocol/recordBatch/record/v0') as (args: Record<string, unknown>) => unknown;
const Long = require('kafkajs/src/utils/long') as { fromNumber(n: number): unknown };

export interface BatchOptions {
  readonly transactional?: boolean;
  readonly producerId?: number;
  readonly firstSequence?: number;
  readonly timestamp?: number;
}

export async function kafkajsBatch(values: readonly string[], opts: BatchOptions = {}): Promise<Buffer> {
  const ts = opts.timestamp ?? 1_700_000_000_000;
  const records = values.map((value, i) => Record({ offsetDelta: i, timestampDelta: 0, key: null, value, headers: {} }));
  const batch = await RecordBatch({
    firstOffset: Long.fromNumber(0),
    lastOffsetDelta: values.length - 1,
    firstTimestamp: ts,
    maxTimestamp: ts,
    producerId: Long.fromNumber(opts.producerId ?? -1),
    producerEpoch: 0,
    firstSequence: opts.firstSequence ?? 0,
    transactional: opts.transactional ?? false,
    records,
  });
  return Buffer.from(batch.buffer);
}
