/**
 * Request and response headers.
 * Request header v1: api_key INT16, api_version INT16, correlation_id INT32, client_id NULLABLE_STRING.
 * Request header v2 (flexible versions): v1 followed by TAGGED_FIELDS.
 * Response header v0: correlation_id INT32. (ApiVersions always answers with header v0, even at v3, so clients can
 * read the answer before they know what the broker speaks.) https://kafka.apache.org/protocol#protocol_messages
 */
import { Decoder } from './decoder';
import { ApiKey } from './api-keys';

export interface RequestHeader {
  readonly apiKey: number;
  readonly apiVersion: number;
  readonly correlationId: number;
  readonly clientId: string | null;
}

/** The only flexible version this broker accepts is ApiVersions v3+ (see api-keys.ts). */
function usesFlexibleHeader(apiKey: number, apiVersion: number): boolean {
  return apiKey === ApiKey.ApiVersions && apiVersion >= 3;
}

export function decodeRequestHeader(dec: Decoder): RequestHeader {
  const apiKey = dec.int16();
  const apiVersion = dec.int16();
  const correlationId = dec.int32();
  const clientId = dec.nullableString();
  if (usesFlexibleHeader(apiKey, apiVersion)) dec.skipTaggedFields();
  return { apiKey, apiVersion, correlationId, clientId };
}

/** Frame prefix for a response: INT32 size (of everything after it) and the v0 response header. */
export function encodeResponsePrefix(correlationId: number, bodyLength: number): Buffer {
  const prefix = Buffer.allocUnsafe(8);
  prefix.writeInt32BE(bodyLength + 4, 0);
  prefix.writeInt32BE(correlationId, 4);
  return prefix;
}
