/**
 * SyncGroup response (api key 14), v0-v3. https://kafka.apache.org/protocol#The_Messages_SyncGroup
 * throttle_time_ms INT32 (v1+), error_code INT16, assignment BYTES
 */
import { Encoder } from '../encoder';

export function encodeSyncGroupResponse(enc: Encoder, version: number, errorCode: number, assignment: Buffer): Encoder {
  if (version >= 1) enc.int32(0);
  return enc.int16(errorCode).bytes(assignment);
}
