/**
 * LeaveGroup request (api key 13), v0-v3. https://kafka.apache.org/protocol#The_Messages_LeaveGroup
 * v0-v2: group_id STRING, member_id STRING
 * v3+: group_id STRING, members [member_id STRING, group_instance_id NULLABLE_STRING] (KIP-345 batch leave)
 */
import { Decoder } from '../decoder';

export interface LeaveGroupRequest {
  readonly groupId: string;
  readonly memberIds: string[];
}

export function decodeLeaveGroupRequest(dec: Decoder, version: number): LeaveGroupRequest {
  const groupId = dec.string();
  if (version < 3) return { groupId, memberIds: [dec.string()] };
  const memberIds = dec.array((m) => {
    const id = m.string();
    m.nullableString();
    return id;
  });
  return { groupId, memberIds };
}
