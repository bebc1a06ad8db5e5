/**
 * InitProducerId request (api key 22), v0-v1. https://kafka.apache.org/protocol#The_Messages_InitProducerId
 * transactional_id NULLABLE_STRING, transaction_timeout_ms INT32
 */
import { Decoder } from '../decoder';

export interface InitProducerIdRequest {
  readonly transactionalId: string | null;
}

export function decodeInitProducerIdRequest(dec: Decoder, _version: number): InitProducerIdRequest {
  const transactionalId = dec.nullableString();
  dec.int32();
  return { transactionalId };
}
