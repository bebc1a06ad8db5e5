/**
 * ApiVersions response (api key 18). https://kafka.apache.org/protocol#The_Messages_ApiVersions
 * v0: error_code INT16, api_keys [api_key INT16, min_version INT16, max_version INT16]
 * v1-v2: v0 + throttle_time_ms INT32
 * v3 (flexible): error_code INT16, api_keys COMPACT_ARRAY[api_key, min_version, max_version, TAGGED_FIELDS],
 *   throttle_time_ms INT32, TAGGED_FIELDS
 * A request for a version above the broker's maximum is answered in v0 with UNSUPPORTED_VERSION and the full
 * table (KIP-511), so the client can retry with a version both sides know.
 */
import { Encoder } from '../encoder';
import { VersionRange } from '../api-keys';

export interface ApiVersionsResponse {
  readonly errorCode: number;
  readonly apiKeys: readonly VersionRange[];
}

export function encodeApiVersionsResponse(enc: Encoder, version: number, res: ApiVersionsResponse): Encoder {
  enc.int16(res.errorCode);
  if (version >= 3) {
    enc.compactArray(res.apiKeys, (k, e) => e.int16(k.apiKey).int16(k.min).int16(k.max).emptyTaggedFields());
    enc.int32(0).emptyTaggedFields();
    return enc;
  }
  enc.array(res.apiKeys, (k, e) => e.int16(k.apiKey).int16(k.min).int16(k.max));
  if (version >= 1) enc.int32(0);
  return enc;
}
