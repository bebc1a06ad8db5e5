/**
 * CreateTopics: one broker, so replication factor must be 1 (or -1, "default"); cleanup.policy=compact and other
 * documented topic configs are accepted and stored (see log/topic-config.ts), unknown ones rejected.
 */
import { ApiHandler, BrokerContext } from '../broker-context';
import { topicNameProblem, validateTopicConfigs } from '../log/topic-config';
import { CreatableTopic, decodeCreateTopicsRequest } from '../protocol/create-topics/request';
import { CreateTopicResult, encodeCreateTopicsResponse } from '../protocol/create-topics/response';
import { Encoder } from '../protocol/encoder';
import { ErrorCode, ErrorCodeName } from '../protocol/error-codes';

function problem(broker: BrokerContext, t: CreatableTopic, count: number): [ErrorCodeName, string] | null {
  const nameProblem = topicNameProblem(t.name);
  if (nameProblem) return ['INVALID_TOPIC_EXCEPTION', nameProblem];
  if (broker.logs.topics.has(t.name)) return ['TOPIC_ALREADY_EXISTS', `Topic '${t.name}' already exists.`];
  if (t.assignmentCount > 0 && (t.numPartitions !== -1 || t.replicationFactor !== -1)) {
    return ['INVALID_REQUEST', 'Both numPartitions or replicationFactor and replicasAssignments were set.'];
  }
  if (count <= 0) return ['INVALID_PARTITIONS', 'Number of partitions must be larger than 0.'];
  if (t.replicationFactor !== -1 && t.replicationFactor !== 1) {
    return ['INVALID_REPLICATION_FACTOR', `Replication factor: ${t.replicationFactor} larger than available brokers: 1.`];
  }
  const configProblem = validateTopicConfigs(t.configs);
  return configProblem ? ['INVALID_CONFIG', configProblem] : null;
}

export const handleCreateTopics: ApiHandler = (broker, request, body) => {
  const version = request.header.apiVersion;
  const req = decodeCreateTopicsRequest(body, version);
  const seen = new Map<string, number>();
  for (const t of req.topics) seen.set(t.name, (seen.get(t.name) ?? 0) + 1);
  const results = req.topics.map((t): CreateTopicResult => {
    if ((seen.get(t.name) ?? 0) > 1) {
      return { name: t.name, errorCode: ErrorCode.INVALID_REQUEST.code, errorMessage: `Create topics request from client contains multiple entries for topic ${t.name}` };
    }
    const count = t.assignmentCount > 0 ? t.assignmentCount : t.numPartitions === -1 ? broker.defaultPartitions : t.numPartitions;
    const bad = problem(broker, t, count);
    if (bad) return { name: t.name, errorCode: ErrorCode[bad[0]].code, errorMessage: bad[1] };
    if (!req.validateOnly) {
      const configs: Record<string, string> = {};
      for (const [k, v] of t.configs) if (v !== null) configs[k] = v;
      broker.logs.create(t.name, count, configs);
    }
    return { name: t.name, errorCode: 0, errorMessage: null };
  });
  return encodeCreateTopicsResponse(new Encoder(), version, results);
};
