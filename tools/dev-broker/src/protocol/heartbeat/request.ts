/**
 * Heartbeat request (api key 12), v0-v3. https://kafka.apache.org/protocol#The_Messages_Heartbeat
 * group_id STRING, generation_id INT32, member_id STRING, group_instance_id NULLABLE_STRING (v3+)
 */
import { Decoder } from '../decoder';

export interface HeartbeatRequest {
  readonly groupId: string;
  readonly generationId: number;
  readonly memberId: string;
}

export function decodeHeartbeatRequest(dec: Decoder, version: number): HeartbeatRequest {
  const groupId = dec.string();
  const generationId = dec.int32();
  const memberId = dec.string();
  if (version >= 3) dec.nullableString();
  return { groupId, generationId, memberId };
}
