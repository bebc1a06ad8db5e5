/**
 * ApiVersions request (api key 18). https://kafka.apache.org/protocol#The_Messages_ApiVersions
 * v0-v2: empty body.
 * v3 (flexible): client_software_name COMPACT_STRING, client_software_version COMPACT_STRING, TAGGED_FIELDS.
 */
import { Decoder } from '../decoder';

export interface ApiVersionsRequest {
  readonly clientSoftwareName: string | null;
  readonly clientSoftwareVersion: string | null;
}

export function decodeApiVersionsRequest(dec: Decoder, version: number): ApiVersionsRequest {
  if (version < 3) return { clientSoftwareName: null, clientSoftwareVersion: null };
  const clientSoftwareName = dec.compactString();
  const clientSoftwareVersion = dec.compactString();
  dec.skipTaggedFields();
  return { clientSoftwareName, clientSoftwareVersion };
}
