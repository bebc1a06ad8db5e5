import { ApiHandler } from '../broker-context';
import { decodeDescribeGroupsRequest } from '../protocol/describe-groups/request';
import { DescribedGroup, encodeDescribeGroupsResponse } from '../protocol/describe-groups/response';
import { Encoder } from '../protocol/encoder';

export const handleDescribeGroups: ApiHandler = (broker, request, body) => {
  const version = request.header.apiVersion;
  const groups = decodeDescribeGroupsRequest(body, version).map((groupId): DescribedGroup => {
    const g = broker.groups.get(groupId);
    if (!g) {
      const state = broker.groups.offsets.hasGroup(groupId) ? 'Empty' : 'Dead';
      return { errorCode: 0, groupId, state, protocolType: '', protocolData: '', members: [] };
    }
    // Member metadata and assignments are only meaningful once the group is stable.
    const stable = g.state === 'Stable';
    return {
      errorCode: 0,
      groupId,
      state: g.state,
      protocolType: g.protocolType ?? '',
      protocolData: g.protocolName ?? '',
      members: [...g.members.values()].map((m) => ({
        memberId: m.memberId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        metadata: stable ? g.metadataOf(m) : Buffer.alloc(0),
        assignment: stable ? m.assignment : Buffer.alloc(0),
      })),
    };
  });
  return encodeDescribeGroupsResponse(new Encoder(), version, groups);
};
