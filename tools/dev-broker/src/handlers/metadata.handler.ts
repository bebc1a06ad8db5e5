import { ApiHandler, NODE_ID, topicOrAutoCreate } from '../broker-context';
import { topicNameProblem } from '../log/topic-config';
import { Encoder } from '../protocol/encoder';
import { ErrorCode } from '../protocol/error-codes';
import { decodeMetadataRequest } from '../protocol/metadata/request';
import { encodeMetadataResponse, MetadataTopic } from '../protocol/metadata/response';

export const handleMetadata: ApiHandler = (broker, request, body) => {
  const version = request.header.apiVersion;
  const req = decodeMetadataRequest(body, version);
  const names = req.topics ?? [...broker.logs.topics.keys()];
  const topics = names.map((name): MetadataTopic => {
    if (topicNameProblem(name) !== null) return { errorCode: ErrorCode.INVALID_TOPIC_EXCEPTION.code, name, partitionCount: 0 };
    const topic = topicOrAutoCreate(broker, name, req.allowAutoTopicCreation);
    if (!topic) return { errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code, name, partitionCount: 0 };
    return { errorCode: 0, name, partitionCount: topic.partitions.length };
  });
  return encodeMetadataResponse(new Encoder(), version, {
    broker: { nodeId: NODE_ID, host: broker.advertisedHost, port: broker.advertisedPort },
    clusterId: broker.clusterId,
    topics,
  });
};
