import { ApiHandler } from '../broker-context';
import { Encoder } from '../protocol/encoder';
import { decodeLeaveGroupRequest } from '../protocol/leave-group/request';
import { encodeLeaveGroupResponse } from '../protocol/leave-group/response';

export const handleLeaveGroup: ApiHandler = (broker, request, body) => {
  const version = request.header.apiVersion;
  const req = decodeLeaveGroupRequest(body, version);
  const members = req.memberIds.map((memberId) => ({ memberId, errorCode: broker.groups.leave(req.groupId, memberId) }));
  // Before v3 there is one member and its error is the top-level error; from v3 errors are per member.
  const topError = version < 3 ? (members[0]?.errorCode ?? 0) : 0;
  return encodeLeaveGroupResponse(new Encoder(), version, topError, members);
};
