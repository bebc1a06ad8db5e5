/**
 * DescribeGroups request (api key 15), v0-v4. https://kafka.apache.org/protocol#The_Messages_DescribeGroups
 * groups [STRING], include_authorized_operations BOOLEAN (v3+)
 */
import { Decoder } from '../decoder';

export function decodeDescribeGroupsRequest(dec: Decoder, version: number): string[] {
  const groups = dec.array((d) => d.string());
  if (version >= 3) dec.bool();
  return groups;
}
