/**
 * Fetch request (api key 1), v4-v11. https://kafka.apache.org/protocol#The_Messages_Fetch
 * replica_id INT32, max_wait_ms INT32, min_bytes INT32, max_bytes INT32, isolation_level INT8,
 * session_id INT32 (v7+), session_epoch INT32 (v7+),
 * topics [topic STRING, partitions [partition INT32, current_leader_epoch INT32 (v9+), fetch_offset INT64,
 *   log_start_offset INT64 (v5+), partition_max_bytes INT32]],
 * forgotten_topics_data [topic STRING, partitions [INT32]] (v7+), rack_id STRING (v11+)
 * Fetch sessions (KIP-227) are not implemented: every fetch is a full fetch and the response carries session_id 0,
 * which clients treat as "no session" (kafkajs and librdkafka both send session_id 0, epoch -1).
 */
import { Decoder } from '../decoder';

export interface FetchPartition {
  readonly partition: number;
  readonly fetchOffset: number;
  readonly partitionMaxBytes: number;
}

export interface FetchTopic {
  readonly topic: string;
  readonly partitions: FetchPartition[];
}

export interface FetchRequest {
  readonly maxWaitMs: number;
  readonly minBytes: number;
  readonly maxBytes: number;
  readonly topics: FetchTopic[];
}

export function decodeFetchRequest(dec: Decoder, version: number): FetchRequest {
  dec.int32(); // replica_id: always a consumer (-1) here
  const maxWaitMs = dec.int32();
  const minBytes = dec.int32();
  const maxBytes = dec.int32();
  dec.int8(); // isolation_level: no transactions, so read_committed and read_uncommitted see the same records
  if (version >= 7) {
    dec.int32();
    dec.int32();
  }
  const topics = dec.array((t) => ({
    topic: t.string(),
    partitions: t.array((p) => {
      const partition = p.int32();
      if (version >= 9) p.int32();
      const fetchOffset = p.int64();
      if (version >= 5) p.int64();
      return { partition, fetchOffset, partitionMaxBytes: p.int32() };
    }),
  }));
  if (version >= 7) dec.array((t) => [t.string(), t.array((p) => p.int32())]);
  if (version >= 11) dec.string();
  return { maxWaitMs, minBytes, maxBytes, topics };
}
