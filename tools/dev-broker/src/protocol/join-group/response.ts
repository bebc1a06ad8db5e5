/**
 * JoinGroup response (api key 11), v0-v5. https://kafka.apache.org/protocol#The_Messages_JoinGroup
 * throttle_time_ms INT32 (v2+), error_code INT16, generation_id INT32, protocol_name STRING, leader STRING,
 * member_id STRING, members [member_id STRING, group_instance_id NULLABLE_STRING (v5+), metadata BYTES]
 * Only the leader receives the member list; followers get an empty array.
 */
import { Encoder } from '../encoder';

export interface JoinGroupMember {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly metadata: Buffer;
}

export interface JoinGroupResponse {
  readonly errorCode: number;
  readonly generationId: number;
  readonly protocolName: string;
  readonly leader: string;
  readonly memberId: string;
  readonly members: readonly JoinGroupMember[];
}

export function encodeJoinGroupResponse(enc: Encoder, version: number, res: JoinGroupResponse): Encoder {
  if (version >= 2) enc.int32(0);
  enc.int16(res.errorCode).int32(res.generationId).string(res.protocolName).string(res.leader).string(res.memberId);
  return enc.array(res.members, (m, e) => {
    e.string(m.memberId);
    if (version >= 5) e.nullableString(m.groupInstanceId);
    e.bytes(m.metadata);
  });
}
