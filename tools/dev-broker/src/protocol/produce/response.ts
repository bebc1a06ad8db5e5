/**
 * Produce response (api key 0), v3-v7. https://kafka.apache.org/protocol#The_Messages_Produce
 * responses [name STRING, partition_responses [index INT32, error_code INT16, base_offset INT64,
 *   log_append_time_ms INT64, log_start_offset INT64 (v5+)]], throttle_time_ms INT32
 */
import { Encoder } from '../encoder';

export interface ProducePartitionResponse {
  readonly index: number;
  readonly errorCode: number;
  readonly baseOffset: number;
  readonly logStartOffset: number;
}

export interface ProduceTopicResponse {
  readonly name: string;
  readonly partitions: ProducePartitionResponse[];
}

export function encodeProduceResponse(enc: Encoder, version: number, topics: readonly ProduceTopicResponse[]): Encoder {
  enc.array(topics, (t, e) => {
    e.string(t.name);
    e.array(t.partitions, (p, pe) => {
      pe.int32(p.index).int16(p.errorCode).int64(p.baseOffset).int64(-1);
      if (version >= 5) pe.int64(p.logStartOffset);
    });
  });
  return enc.int32(0);
}
