/**
 * CreateTopics response (api key 19), v0-v4. https://kafka.apache.org/protocol#The_Messages_CreateTopics
 * throttle_time_ms INT32 (v2+), topics [name STRING, error_code INT16, error_message NULLABLE_STRING (v1+)]
 */
import { Encoder } from '../encoder';

export interface CreateTopicResult {
  readonly name: string;
  readonly errorCode: number;
  readonly errorMessage: string | null;
}

export function encodeCreateTopicsResponse(enc: Encoder, version: number, topics: readonly CreateTopicResult[]): Encoder {
  if (version >= 2) enc.int32(0);
  return enc.array(topics, (t, e) => {
    e.string(t.name).int16(t.errorCode);
    if (version >= 1) e.nullableString(t.errorMessage);
  });
}
