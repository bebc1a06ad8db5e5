/**
 * OffsetCommit response (api key 8), v0-v7. https://kafka.apache.org/protocol#The_Messages_OffsetCommit
 * throttle_time_ms INT32 (v3+), topics [name STRING, partitions [partition_index INT32, error_code INT16]]
 */
import { Encoder } from '../encoder';

export interface OffsetCommitTopicResult {
  readonly name: string;
  readonly partitions: ReadonlyArray<{ readonly partitionIndex: number; readonly errorCode: number }>;
}

export function encodeOffsetCommitResponse(
  enc: Encoder,
  version: number,
  topics: readonly OffsetCommitTopicResult[],
): Encoder {
  if (version >= 3) enc.int32(0);
  return enc.array(topics, (t, e) => {
    e.string(t.name).array(t.partitions, (p, pe) => pe.int32(p.partitionIndex).int16(p.errorCode));
  });
}
