/**
 * DeleteTopics request (api key 20), v0-v3. https://kafka.apache.org/protocol#The_Messages_DeleteTopics
 * topic_names [STRING], timeout_ms INT32
 */
import { Decoder } from '../decoder';

export function decodeDeleteTopicsRequest(dec: Decoder, _version: number): string[] {
  const names = dec.array((d) => d.string());
  dec.int32();
  return names;
}
