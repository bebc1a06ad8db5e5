import { ApiHandler } from '../broker-context';
import { Encoder } from '../protocol/encoder';
import { ErrorCode } from '../protocol/error-codes';
import { decodeListOffsetsRequest } from '../protocol/list-offsets/request';
import { encodeListOffsetsResponse, ListOffsetsPartitionResponse } from '../protocol/list-offsets/response';

const LATEST = -1;
const EARLIEST = -2;

export const handleListOffsets: ApiHandler = (broker, request, body) => {
  const version = request.header.apiVersion;
  const topics = decodeListOffsetsRequest(body, version).map((t) => ({
    name: t.name,
    partitions: t.partitions.map((p): ListOffsetsPartitionResponse => {
      const log = broker.logs.partition(t.name, p.partitionIndex);
      if (!log) return { partitionIndex: p.partitionIndex, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code, timestamp: -1, offset: -1 };
      if (p.timestamp === LATEST) return { partitionIndex: p.partitionIndex, errorCode: 0, timestamp: -1, offset: log.highWatermark };
      if (p.timestamp === EARLIEST) return { partitionIndex: p.partitionIndex, errorCode: 0, timestamp: -1, offset: log.logStartOffset };
      const found = log.offsetForTimestamp(p.timestamp);
      return { partitionIndex: p.partitionIndex, errorCode: 0, timestamp: found?.timestamp ?? -1, offset: found?.offset ?? -1 };
    }),
  }));
  return encodeListOffsetsResponse(new Encoder(), version, topics);
};
