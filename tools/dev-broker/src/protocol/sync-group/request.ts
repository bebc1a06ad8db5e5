/**
 * SyncGroup request (api key 14), v0-v3. https://kafka.apache.org/protocol#The_Messages_SyncGroup
 * group_id STRING, generation_id INT32, member_id STRING, group_instance_id NULLABLE_STRING (v3+),
 * assignments [member_id STRING, assignment BYTES] (only the leader sends assignments)
 */
import { Decoder } from '../decoder';

export interface SyncGroupRequest {
  readonly groupId: string;
  readonly generationId: number;
  readonly memberId: string;
  readonly assignments: ReadonlyArray<readonly [memberId: string, assignment: Buffer]>;
}

export function decodeSyncGroupRequest(dec: Decoder, version: number): SyncGroupRequest {
  const groupId = dec.string();
  const generationId = dec.int32();
  const memberId = dec.string();
  if (version >= 3) dec.nullableString();
  const assignments = dec.array((a) => [a.string(), Buffer.from(a.bytes() ?? Buffer.alloc(0))] as const);
  return { groupId, generationId, memberId, assignments };
}
