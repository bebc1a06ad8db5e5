/**
 * FindCoordinator request (api key 10), v0-v2. https://kafka.apache.org/protocol#The_Messages_FindCoordinator
 * key STRING, key_type INT8 (v1+: 0 = group, 1 = transaction)
 */
import { Decoder } from '../decoder';

export interface FindCoordinatorRequest {
  readonly key: string;
  readonly keyType: number;
}

export function decodeFindCoordinatorRequest(dec: Decoder, version: number): FindCoordinatorRequest {
  const key = dec.string();
  return { key, keyType: version >= 1 ? dec.int8() : 0 };
}
