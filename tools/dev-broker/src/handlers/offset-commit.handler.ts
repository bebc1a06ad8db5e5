import { ApiHandler } from '../broker-context';
import { Encoder } from '../protocol/encoder';
import { ErrorCode } from '../protocol/error-codes';
import { decodeOffsetCommitRequest } from '../protocol/offset-commit/request';
import { encodeOffsetCommitResponse } from '../protocol/offset-commit/response';

export const handleOffsetCommit: ApiHandler = (broker, request, body) => {
  const version = request.header.apiVersion;
  const req = decodeOffsetCommitRequest(body, version);
  const entries = req.topics.flatMap((t) =>
    t.partitions
      .filter((p) => broker.logs.partition(t.name, p.partitionIndex) !== undefined)
      .map((p) => ({ topic: t.name, partition: p.partitionIndex, offset: p.committedOffset, metadata: p.metadata })),
  );
  const error = broker.groups.commit(req.groupId, req.memberId, req.generationId, entries);
  const topics = req.topics.map((t) => ({
    name: t.name,
    partitions: t.partitions.map((p) => ({
      partitionIndex: p.partitionIndex,
      errorCode:
        error !== 0 ? error : broker.logs.partition(t.name, p.partitionIndex) ? 0 : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code,
    })),
  }));
  return encodeOffsetCommitResponse(new Encoder(), version, topics);
};
