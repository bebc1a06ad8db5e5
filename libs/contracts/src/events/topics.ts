import type { EventContract } from './contract';
import { auditRecordedV1 } from './audit-recorded.v1';
import { budgetStateV1 } from './budget-state.v1';
import { meteringRecordV1 } from './metering-record.v1';
import { usageRecordedV1 } from './usage-recorded.v1';

/**
 * Every Kafka topic of ASC with its production settings. `infra/kafka/*.yaml` (Strimzi KafkaTopic) mirrors this
 * table; a spec checks they agree. Services create missing topics from it at start (`ensureTopics` in @asc/kafka).
 */
export interface TopicSpec {
  readonly name: string;
  /** Contract names carried; empty for dead-letter topics (they carry any bytes plus error headers). */
  readonly contracts: readonly string[];
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly cleanupPolicy: 'delete' | 'compact';
  /** -1 = keep forever (compacted topics keep the latest record per key). */
  readonly retentionMs: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Events that failed validation at a consumer land here, with the error in headers. */
export function dlqTopicName(topic: string): string {
  return `${topic}.dlq`;
}

function eventTopic(contract: EventContract, spec: Omit<TopicSpec, 'name' | 'contracts' | 'replicationFactor'>): TopicSpec {
  return { name: contract.topic, contracts: [contract.name], replicationFactor: 3, ...spec };
}

function dlqTopic(contract: EventContract): TopicSpec {
  return { name: dlqTopicName(contract.topic), contracts: [], partitions: 1, replicationFactor: 3, cleanupPolicy: 'delete', retentionMs: 30 * DAY_MS };
}

export const EVENT_CONTRACTS = [usageRecordedV1, auditRecordedV1, meteringRecordV1, budgetStateV1] as const;

export const TOPICS: readonly TopicSpec[] = [
  // High volume, one event per request; partitions bound metering's parallelism.
  eventTopic(usageRecordedV1, { partitions: 12, cleanupPolicy: 'delete', retentionMs: 7 * DAY_MS }),
  eventTopic(auditRecordedV1, { partitions: 6, cleanupPolicy: 'delete', retentionMs: 30 * DAY_MS }),
  // Finance may re-read a month to reconcile.
  eventTopic(meteringRecordV1, { partitions: 6, cleanupPolicy: 'delete', retentionMs: 35 * DAY_MS }),
  // Compacted state: latest record per tenant (or tenant/key) is the budget's state.
  eventTopic(budgetStateV1, { partitions: 3, cleanupPolicy: 'compact', retentionMs: -1 }),
  ...EVENT_CONTRACTS.map(dlqTopic),
];

export function topicSpec(name: string): TopicSpec {
  const spec = TOPICS.find((t) => t.name === name);
  if (!spec) throw new Error(`Unknown topic '${name}'`);
  return spec;
}
