/**
 * InitProducerId response (api key 22), v0-v1. https://kafka.apache.org/protocol#The_Messages_InitProducerId
 * throttle_time_ms INT32, error_code INT16, producer_id INT64, producer_epoch INT16
 */
import { Encoder } from '../encoder';

export interface InitProducerIdResponse {
  readonly errorCode: number;
  readonly producerId: number;
  readonly producerEpoch: number;
}

export function encodeInitProducerIdResponse(enc: Encoder, _version: number, res: InitProducerIdResponse): Encoder {
  return enc.int32(0).int16(res.errorCode).int64(res.producerId).int16(res.producerEpoch);
}
