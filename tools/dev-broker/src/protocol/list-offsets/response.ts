/**
 * ListOffsets response (api key 2), v1-v5. https://kafka.apache.org/protocol#The_Messages_ListOffsets
 * throttle_time_ms INT32 (v2+), topics [name STRING, partitions [partition_index INT32, error_code INT16,
 *   timestamp INT64, offset INT64, leader_epoch INT32 (v4+)]]
 */
import { Encoder } from '../encoder';

export interface ListOffsetsPartitionResponse {
  readonly partitionIndex: number;
  readonly errorCode: number;
  readonly timestamp: number;
  readonly offset: number;
}

export interface ListOffsetsTopicResponse {
  readonly name: string;
  readonly partitions: ListOffsetsPartitionResponse[];
}

export function encodeListOffsetsResponse(
  enc: Encoder,
  version: number,
  topics: readonly ListOffsetsTopicResponse[],
): Encoder {
  if (version >= 2) enc.int32(0);
  return enc.array(topics, (t, e) => {
    e.string(t.name);
    e.array(t.partitions, (p, pe) => {
      pe.int32(p.partitionIndex).int16(p.errorCode).int64(p.timestamp).int64(p.offset);
      if (version >= 4) pe.int32(0);
    });
  });
}
