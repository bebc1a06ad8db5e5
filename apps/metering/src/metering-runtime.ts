import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { KeySnapshotService } from './auth/key-snapshot.service';
import { BudgetsService } from './budgets/budgets.service';
import { PgPool } from './database/pg-pool';
import { IngestService } from './ingest/ingest.service';
import { OutboxService } from './outbox/outbox.service';

/**
 * Starts and stops the moving parts in dependency order, so nothing writes to a closed pool or producer:
 * start keys -> outbox relay -> budget upkeep -> usage consumer; stop in reverse, then close the pool.
 */
@Injectable()
export class MeteringRuntime implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly keys: KeySnapshotService,
    private readonly outbox: OutboxService,
    private readonly budgets: BudgetsService,
    private readonly ingest: IngestService,
    private readonly pool: PgPool,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.keys.start();
    await this.outbox.start();
    this.budgets.start();
    await this.ingest.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.ingest.stop();
    await this.budgets.stop();
    await this.outbox.stop();
    await this.keys.stop();
    await this.pool.end();
  }
}
