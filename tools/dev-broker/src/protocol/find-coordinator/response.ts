/**
 * FindCoordinator response (api key 10), v0-v2. https://kafka.apache.org/protocol#The_Messages_FindCoordinator
 * throttle_time_ms INT32 (v1+), error_code INT16, error_message NULLABLE_STRING (v1+),
 * node_id INT32, host STRING, port INT32
 */
import { Encoder } from '../encoder';

export interface FindCoordinatorResponse {
  readonly errorCode: number;
  readonly errorMessage: string | null;
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
}

export function encodeFindCoordinatorResponse(enc: Encoder, version: number, res: FindCoordinatorResponse): Encoder {
  if (version >= 1) enc.int32(0);
  enc.int16(res.errorCode);
  if (version >= 1) enc.nullableString(res.errorMessage);
  return enc.int32(res.nodeId).string(res.host).int32(res.port);
}
