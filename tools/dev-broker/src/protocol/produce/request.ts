/**
 * Produce request (api key 0), v3-v7. https://kafka.apache.org/protocol#The_Messages_Produce
 * transactional_id NULLABLE_STRING, acks INT16, timeout_ms INT32,
 * topic_data [name STRING, partition_data [index INT32, records NULLABLE_BYTES (record batches, magic v2)]]
 * v4-v7 only change semantics (error codes, ZSTD allowed from v7), not the layout.
 */
import { Decoder } from '../decoder';

export interface ProducePartitionData {
  readonly index: number;
  /** View into the request frame; the log patches base offsets into it and writes it as is. */
  readonly records: Buffer | null;
}

export interface ProduceTopicData {
  readonly name: string;
  readonly partitions: ProducePartitionData[];
}

export interface ProduceRequest {
  readonly transactionalId: string | null;
  readonly acks: number;
  readonly timeoutMs: number;
  readonly topics: ProduceTopicData[];
}

export function decodeProduceRequest(dec: Decoder, _version: number): ProduceRequest {
  return {
    transactionalId: dec.nullableString(),
    acks: dec.int16(),
    timeoutMs: dec.int32(),
    topics: dec.array((t) => ({
      name: t.string(),
      partitions: t.array((p) => ({ index: p.int32(), records: p.bytes() })),
    })),
  };
}
