/**
 * DeleteTopics response (api key 20), v0-v3. https://kafka.apache.org/protocol#The_Messages_DeleteTopics
 * throttle_time_ms INT32 (v1+), responses [name STRING, error_code INT16]
 */
import { Encoder } from '../encoder';

export interface DeleteTopicResult {
  readonly name: string;
  readonly errorCode: number;
}

export function encodeDeleteTopicsResponse(enc: Encoder, version: number, results: readonly DeleteTopicResult[]): Encoder {
  if (version >= 1) enc.int32(0);
  return enc.array(results, (r, e) => e.string(r.name).int16(r.errorCode));
}
