/**
 * DescribeGroups response (api key 15), v0-v4. https://kafka.apache.org/protocol#The_Messages_DescribeGroups
 * throttle_time_ms INT32 (v1+), groups [error_code INT16, group_id STRING, group_state STRING,
 *   protocol_type STRING, protocol_data STRING, members [member_id STRING, group_instance_id NULLABLE_STRING (v4+),
 *   client_id STRING, client_host STRING, member_metadata BYTES, member_assignment BYTES],
 *   authorized_operations INT32 (v3+)]
 */
import { Encoder } from '../encoder';

export interface DescribedMember {
  readonly memberId: string;
  readonly clientId: string;
  readonly clientHost: string;
  readonly metadata: Buffer;
  readonly assignment: Buffer;
}

export interface DescribedGroup {
  readonly errorCode: number;
  readonly groupId: string;
  readonly state: string;
  readonly protocolType: string;
  readonly protocolData: string;
  readonly members: readonly DescribedMember[];
}

export function encodeDescribeGroupsResponse(enc: Encoder, version: number, groups: readonly DescribedGroup[]): Encoder {
  if (version >= 1) enc.int32(0);
  return enc.array(groups, (g, e) => {
    e.int16(g.errorCode).string(g.groupId).string(g.state).string(g.protocolType).string(g.protocolData);
    e.array(g.members, (m, me) => {
      me.string(m.memberId);
      if (version >= 4) me.nullableString(null);
      me.string(m.clientId).string(m.clientHost).bytes(m.metadata).bytes(m.assignment);
    });
    if (version >= 3) e.int32(-2147483648);
  });
}
