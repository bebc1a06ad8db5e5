/** InitProducerId: idempotent producers only (transactional ids are refused: no transaction support). */
import { ApiHandler } from '../broker-context';
import { Encoder } from '../protocol/encoder';
import { ErrorCode } from '../protocol/error-codes';
import { decodeInitProducerIdRequest } from '../protocol/init-producer-id/request';
import { encodeInitProducerIdResponse } from '../protocol/init-producer-id/response';

export const handleInitProducerId: ApiHandler = (broker, request, body) => {
  const version = request.header.apiVersion;
  const req = decodeInitProducerIdRequest(body, version);
  const res =
    req.transactionalId !== null
      ? { errorCode: ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code, producerId: -1, producerEpoch: -1 }
      : { errorCode: 0, producerId: broker.producerIds.next(), producerEpoch: 0 };
  return encodeInitProducerIdResponse(new Encoder(), version, res);
};
