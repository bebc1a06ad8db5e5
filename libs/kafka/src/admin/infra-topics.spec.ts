import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { TOPICS } from '@asc/contracts/events';

const INFRA = join(__dirname, '../../../../infra/kafka');

interface KafkaTopic {
  kind: string;
  spec: { topicName: string; partitions: number; replicas: number; config: Record<string, string | number> };
}

describe('infra/kafka Strimzi topics', () => {
  it('define exactly the topics of the topic table, with the same partitions, replicas and cleanup', () => {
    const files = readdirSync(INFRA).filter((f) => f.endsWith('.yaml'));
    const defined = files.map((f) => parse(readFileSync(join(INFRA, f), 'utf8')) as KafkaTopic);
    expect(defined.map((d) => d.spec.topicName).sort()).toEqual(TOPICS.map((t) => t.name).sort());
    for (const topic of TOPICS) {
      const doc = defined.find((d) => d.spec.topicName === topic.name);
      expect(doc?.kind).toBe('KafkaTopic');
      expect(doc?.spec).toMatchObject({
        partitions: topic.partitions,
        replicas: 3,
        config: { 'cleanup.policy': topic.cleanupPolicy, 'retention.ms': topic.retentionMs, 'min.insync.replicas': 2 },
      });
    }
  });
});
