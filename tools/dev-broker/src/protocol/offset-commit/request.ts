/**
 * OffsetCommit request (api key 8), v0-v7. https://kafka.apache.org/protocol#The_Messages_OffsetCommit
 * group_id STRING, generation_id INT32 (v1+), member_id STRING (v1+), retention_time_ms INT64 (v2-v4),
 * group_instance_id NULLABLE_STRING (v7+),
 * topics [name STRING, partitions [partition_index INT32, committed_offset INT64,
 *   committed_leader_epoch INT32 (v6+), commit_timestamp INT64 (v1 only), committed_metadata NULLABLE_STRING]]
 * generation_id -1 with an empty member_id is a "simple" commit from a client that manages its own assignment.
 */
import { Decoder } from '../decoder';

export interface OffsetCommitPartition {
  readonly partitionIndex: number;
  readonly committedOffset: number;
  readonly metadata: string | null;
}

export interface OffsetCommitTopic {
  readonly name: string;
  readonly partitions: OffsetCommitPartition[];
}

export interface OffsetCommitRequest {
  readonly groupId: string;
  readonly generationId: number;
  readonly memberId: string;
  readonly topics: OffsetCommitTopic[];
}

export function decodeOffsetCommitRequest(dec: Decoder, version: number): OffsetCommitRequest {
  const groupId = dec.string();
  const generationId = version >= 1 ? dec.int32() : -1;
  const memberId = version >= 1 ? dec.string() : '';
  if (version >= 2 && version <= 4) dec.int64();
  if (version >= 7) dec.nullableString();
  const topics = dec.array((t) => ({
    name: t.string(),
    partitions: t.array((p) => {
      const partitionIndex = p.int32();
      const committedOffset = p.int64();
      if (version >= 6) p.int32();
      if (version === 1) p.int64();
      return { partitionIndex, committedOffset, metadata: p.nullableString() };
    }),
  }));
  return { groupId, generationId, memberId, topics };
}
