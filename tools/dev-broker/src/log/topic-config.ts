/**
 * Topic configs accepted by CreateTopics. Names and meanings follow
 * https://kafka.apache.org/documentation/#topicconfigs. Only retention.ms, retention.bytes and segment.bytes
 * change behaviour here; cleanup.policy=compact is accepted and stored, but compaction is not performed.
 * Unknown names and malformed values are rejected with INVALID_CONFIG, as a real broker does.
 */
export type TopicConfigs = Readonly<Record<string, string>>;

const NUMERIC = new Set([
  'retention.ms', 'retention.bytes', 'segment.bytes', 'segment.ms', 'segment.jitter.ms', 'segment.index.bytes',
  'max.message.bytes', 'min.insync.replicas', 'delete.retention.ms', 'file.delete.delay.ms', 'flush.messages',
  'flush.ms', 'index.interval.bytes', 'max.compaction.lag.ms', 'min.compaction.lag.ms', 'min.cleanable.dirty.ratio',
  'message.timestamp.difference.max.ms', 'local.retention.ms', 'local.retention.bytes',
]);

const FREE_FORM = new Set([
  'compression.type', 'message.timestamp.type', 'message.format.version', 'message.downconversion.enable',
  'preallocate', 'unclean.leader.election.enable', 'leader.replication.throttled.replicas',
  'follower.replication.throttled.replicas', 'remote.storage.enable', 'confluent.value.schema.validation',
]);

const CLEANUP_POLICIES = new Set(['delete', 'compact', 'compact,delete', 'delete,compact']);

/** Returns an error message for the first invalid entry, or null when all are acceptable. */
export function validateTopicConfigs(configs: ReadonlyArray<readonly [string, string | null]>): string | null {
  for (const [name, value] of configs) {
    if (value === null) continue;
    if (name === 'cleanup.policy') {
      if (!CLEANUP_POLICIES.has(value.replace(/\s+/g, ''))) return `Invalid value ${value} for configuration cleanup.policy`;
    } else if (NUMERIC.has(name)) {
      if (!/^-?\d+(\.\d+)?$/.test(value)) return `Invalid value ${value} for configuration ${name}`;
    } else if (!FREE_FORM.has(name)) {
      return `Unknown topic config name: ${name}`;
    }
  }
  return null;
}

export function numericConfig(configs: TopicConfigs, name: string, fallback: number): number {
  const v = configs[name];
  return v === undefined ? fallback : Number(v);
}

const LEGAL_TOPIC = /^[a-zA-Z0-9._-]+$/;

export function topicNameProblem(name: string): string | null {
  if (name.length === 0) return 'Topic name is illegal, it can\'t be empty';
  if (name === '.' || name === '..') return 'Topic name cannot be "." or ".."';
  if (name.length > 249) return 'Topic name is illegal, it can\'t be longer than 249 characters';
  if (!LEGAL_TOPIC.test(name)) return `Topic name "${name}" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'`;
  return null;
}
