import { ApiHandler } from '../broker-context';
import { Encoder } from '../protocol/encoder';
import { decodeHeartbeatRequest } from '../protocol/heartbeat/request';
import { encodeHeartbeatResponse } from '../protocol/heartbeat/response';

export const handleHeartbeat: ApiHandler = (broker, request, body) => {
  const version = request.header.apiVersion;
  const req = decodeHeartbeatRequest(body, version);
  return encodeHeartbeatResponse(new Encoder(), version, broker.groups.heartbeat(req.groupId, req.memberId, req.generationId));
};
