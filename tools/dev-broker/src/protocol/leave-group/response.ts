/**
 * LeaveGroup response (api key 13), v0-v3. https://kafka.apache.org/protocol#The_Messages_LeaveGroup
 * throttle_time_ms INT32 (v1+), error_code INT16,
 * members [member_id STRING, group_instance_id NULLABLE_STRING, error_code INT16] (v3+)
 */
import { Encoder } from '../encoder';

export interface LeaveGroupMemberResult {
  readonly memberId: string;
  readonly errorCode: number;
}

export function encodeLeaveGroupResponse(
  enc: Encoder,
  version: number,
  errorCode: number,
  members: readonly LeaveGroupMemberResult[],
): Encoder {
  if (version >= 1) enc.int32(0);
  enc.int16(errorCode);
  if (version >= 3) enc.array(members, (m, e) => e.string(m.memberId).nullableString(null).int16(m.errorCode));
  return enc;
}
