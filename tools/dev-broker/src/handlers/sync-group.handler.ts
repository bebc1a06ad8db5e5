import { ApiHandler } from '../broker-context';
import { Encoder } from '../protocol/encoder';
import { decodeSyncGroupRequest } from '../protocol/sync-group/request';
import { encodeSyncGroupResponse } from '../protocol/sync-group/response';

export const handleSyncGroup: ApiHandler = async (broker, request, body) => {
  const version = request.header.apiVersion;
  const req = decodeSyncGroupRequest(body, version);
  const res = await broker.groups.sync(req.groupId, req.memberId, req.generationId, req.assignments);
  return encodeSyncGroupResponse(new Encoder(), version, res.errorCode, res.assignment);
};
