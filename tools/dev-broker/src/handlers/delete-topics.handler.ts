import { ApiHandler } from '../broker-context';
import { decodeDeleteTopicsRequest } from '../protocol/delete-topics/request';
import { encodeDeleteTopicsResponse } from '../protocol/delete-topics/response';
import { Encoder } from '../protocol/encoder';
import { ErrorCode } from '../protocol/error-codes';

export const handleDeleteTopics: ApiHandler = (broker, request, body) => {
  const version = request.header.apiVersion;
  const results = decodeDeleteTopicsRequest(body, version).map((name) => ({
    name,
    errorCode: broker.logs.delete(name) ? 0 : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code,
  }));
  return encodeDeleteTopicsResponse(new Encoder(), version, results);
};
