import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { MeteringConfig } from '@asc/config';
import { METERING_CONFIG } from './metering-config.token';
import { KeySnapshotService } from './auth/key-snapshot.service';
import { BudgetsService } from './budgets/budgets.service';
import { PgPool } from './database/pg-pool';
import { IngestService } from './ingest/ingest.service';
import { OutboxService } from './outbox/outbox.service';

/**
 * Starts and stops the moving parts in dependency order, so nothing writes to a closed pool or producer:
 * start keys -> outbox relay -> budget upkeep -> usage consumer; stop in reverse, then close the pool.
 * `ASC_METERING_ROLE` selects the parts: `relay` runs only the outbox relay, `ingest` everything but the relay.
 */
@Injectable()
export class MeteringRuntime implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(METERING_CONFIG) private readonly config: MeteringConfig,
    private readonly keys: KeySnapshotService,
    private readonly outbox: OutboxService,
    private readonly budgets: BudgetsService,
    private readonly ingest: IngestService,
    private readonly pool: PgPool,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const role = this.config.ASC_METERING_ROLE;
    if (role !== 'relay') await this.keys.start();
    if (role !== 'ingest') await this.outbox.start();
    if (role === 'relay') return;
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
