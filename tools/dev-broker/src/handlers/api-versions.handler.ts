import { ApiHandler } from '../broker-context';
import { SUPPORTED_VERSIONS } from '../protocol/api-keys';
import { decodeApiVersionsRequest } from '../protocol/api-versions/request';
import { encodeApiVersionsResponse } from '../protocol/api-versions/response';
import { Encoder } from '../protocol/encoder';
import { ErrorCode } from '../protocol/error-codes';

export const handleApiVersions: ApiHandler = (_broker, request, body) => {
  decodeApiVersionsRequest(body, request.header.apiVersion);
  return encodeApiVersionsResponse(new Encoder(), request.header.apiVersion, { errorCode: 0, apiKeys: SUPPORTED_VERSIONS });
};

/** KIP-511: a too-new ApiVersions request gets a v0 answer with UNSUPPORTED_VERSION and the supported ranges. */
export function unsupportedApiVersionsResponse(): Encoder {
  return encodeApiVersionsResponse(new Encoder(), 0, { errorCode: ErrorCode.UNSUPPORTED_VERSION.code, apiKeys: SUPPORTED_VERSIONS });
}
