/**
 * JoinGroup request (api key 11), v0-v5. https://kafka.apache.org/protocol#The_Messages_JoinGroup
 * group_id STRING, session_timeout_ms INT32, rebalance_timeout_ms INT32 (v1+; v0 uses the session timeout),
 * member_id STRING, group_instance_id NULLABLE_STRING (v5+), protocol_type STRING,
 * protocols [name STRING, metadata BYTES]
 */
import { Decoder } from '../decoder';

export interface JoinGroupProtocol {
  readonly name: string;
  readonly metadata: Buffer;
}

export interface JoinGroupRequest {
  readonly groupId: string;
  readonly sessionTimeoutMs: number;
  readonly rebalanceTimeoutMs: number;
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly protocolType: string;
  readonly protocols: JoinGroupProtocol[];
}

export function decodeJoinGroupRequest(dec: Decoder, version: number): JoinGroupRequest {
  const groupId = dec.string();
  const sessionTimeoutMs = dec.int32();
  const rebalanceTimeoutMs = version >= 1 ? dec.int32() : sessionTimeoutMs;
  const memberId = dec.string();
  const groupInstanceId = version >= 5 ? dec.nullableString() : null;
  const protocolType = dec.string();
  const protocols = dec.array((p) => ({ name: p.string(), metadata: Buffer.from(p.bytes() ?? Buffer.alloc(0)) }));
  return { groupId, sessionTimeoutMs, rebalanceTimeoutMs, memberId, groupInstanceId, protocolType, protocols };
}
