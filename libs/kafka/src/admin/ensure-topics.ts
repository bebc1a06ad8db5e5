import type { Admin } from 'kafkajs';
import type { TopicSpec } from '@asc/contracts/events';

/**
 * Creates the topics a service needs if they are missing, with partitions and config from the topic table
 * (`TOPICS` in @asc/contracts/events). Existing topics are left alone: partition changes are an ops decision
 * (infra/kafka). Call at service start, before producing or consuming.
 */
export interface EnsureTopicsOptions {
  /** Override for single-broker development clusters (production specs say 3). */
  replicationFactor?: number;
}

export async function ensureTopics(admin: Admin, topics: readonly TopicSpec[], options: EnsureTopicsOptions = {}): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !existing.has(t.name));
  if (missing.length === 0) return [];
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((t) => ({
        topic: t.name,
        numPartitions: t.partitions,
        replicationFactor: options.replicationFactor ?? t.replicationFactor,
        configEntries: topicConfigEntries(t),
      })),
    });
  } catch (err) {
    // Another instance created them between our list and create: fine, as long as they all exist now.
    const now = new Set(await admin.listTopics());
    if (!missing.every((t) => now.has(t.name))) throw err;
  }
  return missing.map((t) => t.name);
}

export function topicConfigEntries(topic: TopicSpec): Array<{ name: string; value: string }> {
  return [
    { name: 'cleanup.policy', value: topic.cleanupPolicy },
    { name: 'retention.ms', value: String(topic.retentionMs) },
  ];
}
