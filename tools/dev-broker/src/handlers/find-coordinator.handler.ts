/** FindCoordinator: this broker coordinates every group; transaction coordinators are not offered. */
import { ApiHandler, NODE_ID } from '../broker-context';
import { Encoder } from '../protocol/encoder';
import { ErrorCode } from '../protocol/error-codes';
import { decodeFindCoordinatorRequest } from '../protocol/find-coordinator/request';
import { encodeFindCoordinatorResponse } from '../protocol/find-coordinator/response';

const KEY_TYPE_GROUP = 0;

export const handleFindCoordinator: ApiHandler = (broker, request, body) => {
  const version = request.header.apiVersion;
  const req = decodeFindCoordinatorRequest(body, version);
  const res =
    req.keyType === KEY_TYPE_GROUP
      ? { errorCode: 0, errorMessage: null, nodeId: NODE_ID, host: broker.advertisedHost, port: broker.advertisedPort }
      : { errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE.code, errorMessage: 'Transactions are not supported by the dev broker', nodeId: -1, host: '', port: -1 };
  return encodeFindCoordinatorResponse(new Encoder(), version, res);
};
