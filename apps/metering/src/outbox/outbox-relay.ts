import type { Producer } from 'kafkajs';
import { withTransaction, type SqlPool } from '@asc/kafka';

/**
 * Sends `metering_outbox` rows to Kafka in id order, then deletes them, one batch per transaction. Only one relay
 * runs at a time across metering instances (transaction-scoped advisory lock), which keeps per-key order. Woken after
 * each ingest commit and on a poll timer.
 */
const RELAY_LOCK = 72707401;

export interface OutboxRelayOptions {
  pool: SqlPool;
  producer: Producer;
  pollMs: number;
  batchSize?: number;
  /** Upper bound of value bytes per send: a partition's record batch must stay under the broker's max.message.bytes (1 MiB by default). */
  maxBatchBytes?: number;
  onError?: (error: unknown) => void;
}

interface OutboxRow {
  id: string;
  topic: string;
  key: string;
  value: string | null;
  headers: Record<string, string>;
}

export class OutboxRelay {
  private running = false;
  private loop: Promise<void> = Promise.resolve();
  private wakeUp: (() => void) | undefined;
  private pending = false;
  sent = 0;

  constructor(private readonly options: OutboxRelayOptions) {}

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  /** Something was committed to the outbox: send soon. */
  wake(): void {
    this.pending = true;
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeUp?.();
    await this.loop;
  }

  /** Sends everything currently in the outbox (tests, shutdown). Resolves with the number of records sent. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.relayOnce();
      if (n <= 0) return total;
      total += n;
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.pending = false;
      let sent = 0;
      try {
        sent = await this.relayOnce();
      } catch (error) {
        this.options.onError?.(error);
      }
      if (sent > 0 || this.pending) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.options.pollMs);
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeUp = undefined;
    }
  }

  /** One batch: -1 if another instance holds the relay lock. */
  private relayOnce(): Promise<number> {
    return withTransaction(this.options.pool, async (tx) => {
      const lock = await tx.query('SELECT pg_try_advisory_xact_lock($1) AS ok', [RELAY_LOCK]);
      if ((lock.rows[0] as { ok: boolean } | undefined)?.ok !== true) return -1;
      const { rows } = await tx.query(
        'SELECT id, topic, key, value, headers FROM metering_outbox ORDER BY id LIMIT $1',
        [this.options.batchSize ?? 2000],
      );
      const fetched = rows as OutboxRow[];
      if (fetched.length === 0) return 0;
      const maxBytes = this.options.maxBatchBytes ?? 768 * 1024;
      let bytes = 0;
      let take = 0;
      while (take < fetched.length && (take === 0 || bytes + (fetched[take]!.value?.length ?? 0) <= maxBytes)) bytes += fetched[take++]!.value?.length ?? 0;
      const batch = fetched.slice(0, take);
      const byTopic = new Map<string, Array<{ key: string; value: string | null; headers: Record<string, string> }>>();
      for (const row of batch) {
        let messages = byTopic.get(row.topic);
        if (!messages) byTopic.set(row.topic, (messages = []));
        messages.push({ key: row.key, value: row.value, headers: row.headers });
      }
      await this.options.producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
      // Exactly the rows sent: a row with a lower id may commit after this read (ids are taken at insert time).
      await tx.query('DELETE FROM metering_outbox WHERE id = ANY($1::bigint[])', [batch.map((r) => r.id)]);
      this.sent += batch.length;
      return batch.length;
    });
  }
}
