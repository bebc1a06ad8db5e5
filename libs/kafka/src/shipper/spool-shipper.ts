import type { Kafka } from 'kafkajs';
import { sleep } from '../backoff';
import { SpoolSender, type SenderStats, type SpoolSenderOptions } from '../producer/spool-sender';
import type { SpoolCursor } from '../spool/spool-files';
import { SpoolLock, type SpoolLockOptions } from '../spool/spool-lock';
import { SpoolTail } from '../spool/spool-tail';

/**
 * Ships a spool written by another process (a ReliableProducer with `sender: 'external'`) to Kafka: the sending
 * half of ReliableProducer, run as a sidecar so kafkajs record encoding and gzip never cost the writer's CPU.
 * Same guarantees as in-process: in spool order, from the persisted cursor, retried forever through outages, replayed
 * after a restart of either process. One shipper per directory (the `shipper` lock).
 */
export interface SpoolShipperOptions extends Omit<SpoolSenderOptions, 'kafka'> {
  kafka: Kafka;
  dir: string;
  /** How often to look for new records while idle. Default 20 ms. */
  pollMs?: number;
  lock?: SpoolLockOptions;
}

export interface ShipperStats extends SenderStats {
  dir: string;
  /** Bytes written by the writer and not yet acknowledged by Kafka, as of the last look at the files. */
  backlogBytes: number;
  cursor: SpoolCursor;
  /** CPU time of this process (all threads) since start, µs. */
  cpuUserUs: number;
  cpuSystemUs: number;
  uptimeMs: number;
}

export class SpoolShipper {
  private readonly startedAt = Date.now();
  private readonly cpuAtStart = process.cpuUsage();
  private closed: Promise<boolean> | null = null;

  private constructor(
    private readonly options: SpoolShipperOptions,
    private readonly tail: SpoolTail,
    private readonly sender: SpoolSender,
  ) {}

  static async start(options: SpoolShipperOptions): Promise<SpoolShipper> {
    const tail = await SpoolTail.open({ dir: options.dir, pollMs: options.pollMs, lock: options.lock });
    const { kafka, lingerMs, maxBatchEvents, maxBatchBytes, retry } = options;
    const sender = new SpoolSender(
      { hasData: () => tail.hasData(), hasBacklog: () => false, waitForData: (s) => tail.waitForData(s), read: (n, b) => tail.read(n, b), ack: (p, e) => tail.ack(p, e) },
      { kafka, lingerMs, maxBatchEvents, maxBatchBytes, retry },
    );
    sender.start();
    return new SpoolShipper(options, tail, sender);
  }

  stats(): ShipperStats {
    const cpu = process.cpuUsage(this.cpuAtStart);
    return {
      ...this.sender.stats(),
      dir: this.options.dir,
      backlogBytes: this.tail.backlogBytes(),
      cursor: this.tail.position(),
      cpuUserUs: cpu.user,
      cpuSystemUs: cpu.system,
      uptimeMs: Date.now() - this.startedAt,
    };
  }

  /** Resolves true once everything the files hold now is shipped, false after `timeoutMs`. */
  async flush(timeoutMs = 30_000): Promise<boolean> {
    await this.tail.refresh();
    return !this.tail.hasData() || this.sender.flush(timeoutMs);
  }

  /**
   * Bounded drain for shutdown: ships without lingering until the writer has released the spool and everything
   * it wrote is shipped (or, with `waitForWriter: false`, until what is there now is shipped), for up to
   * `timeoutMs`; then stops and releases the spool. What is left stays spooled for the next shipper.
   * Resolves whether it drained.
   */
  close({ timeoutMs = 10_000, waitForWriter = true }: { timeoutMs?: number; waitForWriter?: boolean } = {}): Promise<boolean> {
    this.closed ??= (async () => {
      this.sender.hurry();
      const deadline = Date.now() + timeoutMs;
      let drained = false;
      for (;;) {
        const writerGone = !waitForWriter || (await SpoolLock.holder(this.options.dir, 'writer', this.options.lock?.staleMs)) === null;
        // The sender loop refreshes the tail every pollMs while idle, so hasData() is current enough here.
        if (writerGone && (await this.flush(Math.max(0, deadline - Date.now())))) {
          drained = true;
          break;
        }
        if (Date.now() >= deadline) break;
        await sleep(Math.min(50, deadline - Date.now()));
      }
      await this.sender.close();
      await this.tail.close();
      return drained;
    })();
    return this.closed;
  }
}
