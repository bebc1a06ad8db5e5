import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { AUDIT_CONFIG, type AuditConfig } from '../audit-config';
import { ChainWriter } from '../chain/chain-writer';

/**
 * Time-based checkpoints: a tenant that got records but not enough for a count-based checkpoint still gets one
 * within about `ASC_AUDIT_CHECKPOINT_INTERVAL_MS`, so a quiet tenant's recent tail is not left unsigned.
 */
@Injectable()
export class CheckpointScheduler implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Checkpoints');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    @Inject(AUDIT_CONFIG) private readonly config: AuditConfig,
    private readonly writer: ChainWriter,
  ) {}

  onModuleInit(): void {
    if (!this.config.ASC_AUDIT_INGEST_ENABLED) return;
    const tick = Math.max(100, Math.floor(this.config.ASC_AUDIT_CHECKPOINT_INTERVAL_MS / 4));
    this.timer = setInterval(() => void this.runOnce(), tick);
    this.timer.unref();
  }

  /** Signs every due checkpoint now (also used by tests). */
  runOnce(): Promise<void> {
    this.running ??= this.writer
      .signDueCheckpoints(this.config.ASC_AUDIT_CHECKPOINT_INTERVAL_MS)
      .then(() => undefined, (error: unknown) => this.logger.error(`checkpoint signing failed: ${(error as Error).message}`))
      .finally(() => (this.running = undefined));
    return this.running;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
