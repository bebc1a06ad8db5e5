/**
 * Metadata request (api key 3), v0-v8. https://kafka.apache.org/protocol#The_Messages_Metadata
 * topics [name STRING] (v0: empty = all topics; v1+: NULLABLE, null = all topics),
 * allow_auto_topic_creation BOOLEAN (v4+; before v4 the broker setting decides),
 * include_cluster_authorized_operations BOOLEAN (v8+), include_topic_authorized_operations BOOLEAN (v8+)
 */
import { Decoder } from '../decoder';

export interface MetadataRequest {
  /** null = every topic. */
  readonly topics: string[] | null;
  readonly allowAutoTopicCreation: boolean;
}

export function decodeMetadataRequest(dec: Decoder, version: number): MetadataRequest {
  let topics = dec.nullableArray((d) => d.string());
  if (version === 0 && topics !== null && topics.length === 0) topics = null;
  const allowAutoTopicCreation = version >= 4 ? dec.bool() : true;
  if (version >= 8) {
    dec.bool();
    dec.bool();
  }
  return { topics, allowAutoTopicCreation };
}
