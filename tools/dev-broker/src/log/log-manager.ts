/**
 * Topics and their partition logs under one data directory:
 *   <dataDir>/topics.json                 topic names, partition counts, configs (rewritten atomically)
 *   <dataDir>/<topic>-<partition>/*.log   segment files (see segment.ts)
 *   <dataDir>/.clean-shutdown             present only between a clean close and the next start
 * Single-threaded; owned by the broker.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PartitionLog } from './partition-log';
import { numericConfig, TopicConfigs } from './topic-config';

export interface Topic {
  readonly name: string;
  readonly partitions: readonly PartitionLog[];
  readonly configs: TopicConfigs;
}

export interface LogManagerOptions {
  readonly dataDir: string;
  readonly segmentBytes: number;
  readonly fsyncIntervalMs: number;
  readonly retentionCheckIntervalMs: number;
}

interface TopicsFile {
  topics: Array<{ name: string; partitions: number; configs: Record<string, string> }>;
}

const DEFAULT_RETENTION_MS = 7 * 24 * 3600 * 1000;

export class LogManager {
  readonly topics = new Map<string, Topic>();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly uncleanStart: boolean;

  constructor(private readonly options: LogManagerOptions) {
    mkdirSync(options.dataDir, { recursive: true });
    const marker = join(options.dataDir, '.clean-shutdown');
    this.uncleanStart = !existsSync(marker);
    rmSync(marker, { force: true });
    this.load();
    if (options.fsyncIntervalMs > 0) this.every(options.fsyncIntervalMs, () => this.syncAll());
    this.every(options.retentionCheckIntervalMs, () => this.applyRetention());
  }

  private every(ms: number, fn: () => void): void {
    const t = setInterval(fn, ms);
    t.unref();
    this.timers.push(t);
  }

  private get topicsFile(): string {
    return join(this.options.dataDir, 'topics.json');
  }

  private load(): void {
    if (!existsSync(this.topicsFile)) return;
    const file = JSON.parse(readFileSync(this.topicsFile, 'utf8')) as TopicsFile;
    for (const t of file.topics) this.openTopic(t.name, t.partitions, t.configs);
  }

  private openTopic(name: string, partitionCount: number, configs: TopicConfigs): Topic {
    const partitions: PartitionLog[] = [];
    for (let p = 0; p < partitionCount; p++) {
      partitions.push(
        PartitionLog.open(name, p, join(this.options.dataDir, `${name}-${p}`), {
          segmentBytes: numericConfig(configs, 'segment.bytes', this.options.segmentBytes),
          verifyTail: this.uncleanStart,
        }),
      );
    }
    const topic: Topic = { name, partitions, configs };
    this.topics.set(name, topic);
    return topic;
  }

  private persist(): void {
    const file: TopicsFile = {
      topics: [...this.topics.values()].map((t) => ({ name: t.name, partitions: t.partitions.length, configs: { ...t.configs } })),
    };
    const tmp = `${this.topicsFile}.tmp`;
    writeFileSync(tmp, JSON.stringify(file, null, 2));
    renameSync(tmp, this.topicsFile);
  }

  /** Creates the topic (caller has validated name, count and configs). */
  create(name: string, partitionCount: number, configs: TopicConfigs): Topic {
    const topic = this.openTopic(name, partitionCount, configs);
    this.persist();
    return topic;
  }

  delete(name: string): boolean {
    const topic = this.topics.get(name);
    if (!topic) return false;
    this.topics.delete(name);
    this.persist();
    for (const p of topic.partitions) p.destroy();
    return true;
  }

  partition(topic: string, partition: number): PartitionLog | undefined {
    return this.topics.get(topic)?.partitions[partition];
  }

  /** The highest producer id found in any log (so ids are never reused after a restart). */
  maxProducerId(): number {
    let max = -1;
    for (const t of this.topics.values()) for (const p of t.partitions) max = Math.max(max, p.maxProducerId);
    return max;
  }

  syncAll(): void {
    for (const t of this.topics.values()) for (const p of t.partitions) p.sync();
  }

  private applyRetention(): void {
    const now = Date.now();
    for (const t of this.topics.values()) {
      const ms = numericConfig(t.configs, 'retention.ms', DEFAULT_RETENTION_MS);
      const bytes = numericConfig(t.configs, 'retention.bytes', -1);
      for (const p of t.partitions) p.applyRetention(now, ms, bytes);
    }
  }

  close(): void {
    for (const t of this.timers) clearInterval(t);
    this.syncAll();
    for (const t of this.topics.values()) for (const p of t.partitions) p.close();
    this.topics.clear();
    writeFileSync(join(this.options.dataDir, '.clean-shutdown'), '');
  }
}
