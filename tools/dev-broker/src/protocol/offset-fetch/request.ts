/**
 * OffsetFetch request (api key 9), v0-v5. https://kafka.apache.org/protocol#The_Messages_OffsetFetch
 * group_id STRING, topics [name STRING, partition_indexes [INT32]] (NULLABLE from v2: null = all committed)
 */
import { Decoder } from '../decoder';

export interface OffsetFetchTopic {
  readonly name: string;
  readonly partitionIndexes: number[];
}

export interface OffsetFetchRequest {
  readonly groupId: string;
  readonly topics: OffsetFetchTopic[] | null;
}

export function decodeOffsetFetchRequest(dec: Decoder, _version: number): OffsetFetchRequest {
  const groupId = dec.string();
  const topics = dec.nullableArray((t) => ({ name: t.string(), partitionIndexes: t.array((p) => p.int32()) }));
  return { groupId, topics };
}
