/**
 * ListGroups response (api key 16), v0-v2 (the request has no fields).
 * https://kafka.apache.org/protocol#The_Messages_ListGroups
 * throttle_time_ms INT32 (v1+), error_code INT16, groups [group_id STRING, protocol_type STRING]
 */
import { Encoder } from '../encoder';

export interface ListedGroup {
  readonly groupId: string;
  readonly protocolType: string;
}

export function encodeListGroupsResponse(enc: Encoder, version: number, groups: readonly ListedGroup[]): Encoder {
  if (version >= 1) enc.int32(0);
  return enc.int16(0).array(groups, (g, e) => e.string(g.groupId).string(g.protocolType));
}
