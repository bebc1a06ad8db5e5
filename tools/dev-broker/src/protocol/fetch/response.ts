/**
 * Fetch response (api key 1), v4-v11. https://kafka.apache.org/protocol#The_Messages_Fetch
 * throttle_time_ms INT32, error_code INT16 (v7+), session_id INT32 (v7+),
 * responses [topic STRING, partitions [partition_index INT32, error_code INT16, high_watermark INT64,
 *   last_stable_offset INT64, log_start_offset INT64 (v5+), aborted_transactions NULLABLE [producer_id INT64,
 *   first_offset INT64], preferred_read_replica INT32 (v11+), records NULLABLE_BYTES]]
 * The records are stored batch bytes, appended by reference (no copy, no re-encoding).
 */
import { Encoder } from '../encoder';

export interface FetchPartitionResponse {
  readonly partitionIndex: number;
  readonly errorCode: number;
  readonly highWatermark: number;
  readonly logStartOffset: number;
  readonly records: readonly Buffer[];
}

export interface FetchTopicResponse {
  readonly topic: string;
  readonly partitions: FetchPartitionResponse[];
}

export function encodeFetchResponse(enc: Encoder, version: number, topics: readonly FetchTopicResponse[]): Encoder {
  enc.int32(0);
  if (version >= 7) enc.int16(0).int32(0);
  enc.array(topics, (t, e) => {
    e.string(t.topic);
    e.array(t.partitions, (p, pe) => {
      pe.int32(p.partitionIndex).int16(p.errorCode).int64(p.highWatermark).int64(p.highWatermark);
      if (version >= 5) pe.int64(p.logStartOffset);
      pe.int32(-1); // aborted_transactions: null
      if (version >= 11) pe.int32(-1);
      let size = 0;
      for (const r of p.records) size += r.length;
      pe.int32(size);
      for (const r of p.records) pe.appendRaw(r);
    });
  });
  return enc;
}
