/**
 * Heartbeat response (api key 12), v0-v3. https://kafka.apache.org/protocol#The_Messages_Heartbeat
 * throttle_time_ms INT32 (v1+), error_code INT16
 */
import { Encoder } from '../encoder';

export function encodeHeartbeatResponse(enc: Encoder, version: number, errorCode: number): Encoder {
  if (version >= 1) enc.int32(0);
  return enc.int16(errorCode);
}
