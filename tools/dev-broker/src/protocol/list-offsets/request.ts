/**
 * ListOffsets request (api key 2), v1-v5. https://kafka.apache.org/protocol#The_Messages_ListOffsets
 * replica_id INT32, isolation_level INT8 (v2+),
 * topics [name STRING, partitions [partition_index INT32, current_leader_epoch INT32 (v4+), timestamp INT64]]
 * timestamp -1 = latest (high watermark), -2 = earliest (log start offset), otherwise the first offset whose
 * timestamp is at or after it.
 */
import { Decoder } from '../decoder';

export interface ListOffsetsPartition {
  readonly partitionIndex: number;
  readonly timestamp: number;
}

export interface ListOffsetsTopic {
  readonly name: string;
  readonly partitions: ListOffsetsPartition[];
}

export function decodeListOffsetsRequest(dec: Decoder, version: number): ListOffsetsTopic[] {
  dec.int32();
  if (version >= 2) dec.int8();
  return dec.array((t) => ({
    name: t.string(),
    partitions: t.array((p) => {
      const partitionIndex = p.int32();
      if (version >= 4) p.int32();
      return { partitionIndex, timestamp: p.int64() };
    }),
  }));
}
