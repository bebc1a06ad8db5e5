/**
 * Metadata response (api key 3), v0-v8. https://kafka.apache.org/protocol#The_Messages_Metadata
 * throttle_time_ms INT32 (v3+), brokers [node_id INT32, host STRING, port INT32, rack NULLABLE_STRING (v1+)],
 * cluster_id NULLABLE_STRING (v2+), controller_id INT32 (v1+),
 * topics [error_code INT16, name STRING, is_internal BOOLEAN (v1+), partitions [error_code INT16,
 *   partition_index INT32, leader_id INT32, leader_epoch INT32 (v7+), replica_nodes [INT32], isr_nodes [INT32],
 *   offline_replicas [INT32] (v5+)], topic_authorized_operations INT32 (v8+)],
 * cluster_authorized_operations INT32 (v8+)
 */
import { Encoder } from '../encoder';

export interface MetadataBroker {
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
}

export interface MetadataTopic {
  readonly errorCode: number;
  readonly name: string;
  readonly partitionCount: number;
}

export interface MetadataResponse {
  readonly broker: MetadataBroker;
  readonly clusterId: string;
  readonly topics: readonly MetadataTopic[];
}

const UNKNOWN_AUTHORIZED_OPERATIONS = -2147483648;

export function encodeMetadataResponse(enc: Encoder, version: number, res: MetadataResponse): Encoder {
  const { broker } = res;
  if (version >= 3) enc.int32(0);
  enc.int32(1).int32(broker.nodeId).string(broker.host).int32(broker.port);
  if (version >= 1) enc.nullableString(null);
  if (version >= 2) enc.nullableString(res.clusterId);
  if (version >= 1) enc.int32(broker.nodeId);
  enc.array(res.topics, (t, e) => {
    e.int16(t.errorCode).string(t.name);
    if (version >= 1) e.bool(false);
    e.int32(t.partitionCount);
    for (let p = 0; p < t.partitionCount; p++) {
      e.int16(0).int32(p).int32(broker.nodeId);
      if (version >= 7) e.int32(0);
      e.int32(1).int32(broker.nodeId); // replicas
      e.int32(1).int32(broker.nodeId); // in-sync replicas
      if (version >= 5) e.int32(0); // offline replicas
    }
    if (version >= 8) e.int32(UNKNOWN_AUTHORIZED_OPERATIONS);
  });
  if (version >= 8) enc.int32(UNKNOWN_AUTHORIZED_OPERATIONS);
  return enc;
}
