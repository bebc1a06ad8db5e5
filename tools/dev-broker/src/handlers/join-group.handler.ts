import { ApiHandler } from '../broker-context';
import { Encoder } from '../protocol/encoder';
import { decodeJoinGroupRequest } from '../protocol/join-group/request';
import { encodeJoinGroupResponse } from '../protocol/join-group/response';

export const handleJoinGroup: ApiHandler = async (broker, request, body) => {
  const version = request.header.apiVersion;
  const req = decodeJoinGroupRequest(body, version);
  const res = await broker.groups.join(req.groupId, {
    memberId: req.memberId,
    clientId: request.header.clientId ?? '',
    clientHost: request.clientHost,
    sessionTimeoutMs: req.sessionTimeoutMs,
    rebalanceTimeoutMs: req.rebalanceTimeoutMs,
    protocolType: req.protocolType,
    protocols: req.protocols,
    requireKnownMemberId: version >= 4,
  });
  return encodeJoinGroupResponse(new Encoder(), version, res);
};
