/**
 * OffsetFetch response (api key 9), v0-v5. https://kafka.apache.org/protocol#The_Messages_OffsetFetch
 * throttle_time_ms INT32 (v3+), topics [name STRING, partitions [partition_index INT32, committed_offset INT64,
 *   committed_leader_epoch INT32 (v5+), metadata NULLABLE_STRING, error_code INT16]], error_code INT16 (v2+)
 * A partition without a committed offset answers offset -1, metadata "" and no error.
 */
import { Encoder } from '../encoder';

export interface OffsetFetchPartitionResult {
  readonly partitionIndex: number;
  readonly committedOffset: number;
  readonly metadata: string | null;
  readonly errorCode: number;
}

export interface OffsetFetchTopicResult {
  readonly name: string;
  readonly partitions: readonly OffsetFetchPartitionResult[];
}

export function encodeOffsetFetchResponse(
  enc: Encoder,
  version: number,
  topics: readonly OffsetFetchTopicResult[],
  errorCode: number,
): Encoder {
  if (version >= 3) enc.int32(0);
  enc.array(topics, (t, e) => {
    e.string(t.name).array(t.partitions, (p, pe) => {
      pe.int32(p.partitionIndex).int64(p.committedOffset);
      if (version >= 5) pe.int32(-1);
      pe.nullableString(p.metadata).int16(p.errorCode);
    });
  });
  if (version >= 2) enc.int16(errorCode);
  return enc;
}
