import type { Admin, Kafka } from 'kafkajs';

export interface PartitionLag {
  topic: string;
  partition: number;
  /** Messages between the group's committed offset and the partition's high watermark. */
  lag: number;
}

export interface LagMonitorOptions {
  kafka: Kafka;
  groupId: string;
  topics: readonly string[];
  /** How often to ask the broker. Default 10 s. */
  intervalMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * Consumer lag per partition, read from the broker on a timer (never per message): high watermark
 * (`fetchTopicOffsets`) minus the group's committed offset (`fetchOffsets`); a partition the group has not
 * committed yet counts from its low watermark. `current()` is what a `/metrics` scrape reads. One per group.
 */
export class ConsumerLagMonitor {
  private admin: Admin | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lags: readonly PartitionLag[] = [];
  private refreshing: Promise<void> | undefined;

  constructor(private readonly options: LagMonitorOptions) {}

  async start(): Promise<void> {
    this.admin = this.options.kafka.admin();
    await this.admin.connect();
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.options.intervalMs ?? 10_000);
    this.timer.unref();
  }

  current(): readonly PartitionLag[] {
    return this.lags;
  }

  /** Reads the offsets now (also what the timer does); concurrent calls share one read. */
  refresh(): Promise<void> {
    this.refreshing ??= this.read()
      .then((lags) => void (this.lags = lags), (error: unknown) => this.options.onError?.(error))
      .finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.refreshing;
    await this.admin?.disconnect();
    this.admin = undefined;
  }

  private async read(): Promise<PartitionLag[]> {
    const admin = this.admin;
    if (admin === undefined) return [];
    const { groupId, topics } = this.options;
    const committed = new Map<string, number>();
    for (const { topic, partitions } of await admin.fetchOffsets({ groupId, topics: [...topics] })) {
      for (const { partition, offset } of partitions) committed.set(`${topic}:${partition}`, Number(offset));
    }
    const lags: PartitionLag[] = [];
    for (const topic of topics) {
      for (const { partition, high, low } of await admin.fetchTopicOffsets(topic)) {
        const at = committed.get(`${topic}:${partition}`) ?? -1;
        lags.push({ topic, partition, lag: Math.max(0, Number(high) - (at >= 0 ? at : Number(low))) });
      }
    }
    return lags;
  }
}
