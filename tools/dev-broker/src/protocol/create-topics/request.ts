/**
 * CreateTopics request (api key 19), v0-v4. https://kafka.apache.org/protocol#The_Messages_CreateTopics
 * topics [name STRING, num_partitions INT32, replication_factor INT16,
 *   assignments [partition_index INT32, broker_ids [INT32]], configs [name STRING, value NULLABLE_STRING]],
 * timeout_ms INT32, validate_only BOOLEAN (v1+)
 * num_partitions / replication_factor -1 mean "broker default" (v4+, KIP-464).
 */
import { Decoder } from '../decoder';

export interface CreatableTopic {
  readonly name: string;
  readonly numPartitions: number;
  readonly replicationFactor: number;
  readonly assignmentCount: number;
  readonly configs: ReadonlyArray<readonly [name: string, value: string | null]>;
}

export interface CreateTopicsRequest {
  readonly topics: CreatableTopic[];
  readonly validateOnly: boolean;
}

export function decodeCreateTopicsRequest(dec: Decoder, version: number): CreateTopicsRequest {
  const topics = dec.array((t) => ({
    name: t.string(),
    numPartitions: t.int32(),
    replicationFactor: t.int16(),
    assignmentCount: t.array((a) => [a.int32(), a.array((b) => b.int32())]).length,
    configs: t.array((c) => [c.string(), c.nullableString()] as const),
  }));
  dec.int32();
  const validateOnly = version >= 1 ? dec.bool() : false;
  return { topics, validateOnly };
}
