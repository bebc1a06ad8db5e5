import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway-config';
import { CoalescedReload, type GatewaySnapshot } from '@asc/db';
import { buildSnapshot } from './build-snapshot';
import type { ConfigSnapshot } from './snapshot';

/** Where snapshot rows come from, and how the gateway hears about changes (Postgres LISTEN/NOTIFY). */
export interface SnapshotSource {
  load(): Promise<GatewaySnapshot>;
  onChange(listener: () => void): Promise<{ close(): Promise<void> }>;
}
export const SNAPSHOT_SOURCE = Symbol('SNAPSHOT_SOURCE');

const EMPTY: ConfigSnapshot = { loadedAtMs: 0, keysByHash: new Map(), tenants: new Map(), modelsByTenant: new Map() };

/**
 * Holds the current config snapshot. Reloads it (whole, atomically swapped) when the database announces a change
 * — coalescing bursts of notifications into one reload — and on a slow timer as a safety net.
 */
@Injectable()
export class SnapshotService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Snapshot');
  private snapshot: ConfigSnapshot = EMPTY;
  private subscription: { close(): Promise<void> } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly reloader = new CoalescedReload(
    async () => {
      this.snapshot = buildSnapshot(await this.source.load());
    },
    (error) => this.logger.error(`config snapshot reload failed: ${error.message}`),
  );

  constructor(
    @Inject(SNAPSHOT_SOURCE) private readonly source: SnapshotSource,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  get current(): ConfigSnapshot {
    return this.snapshot;
  }

  get ready(): boolean {
    return this.snapshot !== EMPTY;
  }

  async onModuleInit(): Promise<void> {
    // Subscribe first, so a change committed while the first load runs is not missed.
    this.subscription = await this.source.onChange(() => void this.reload());
    await this.reload();
    this.timer = setInterval(() => void this.reload(), this.config.ASC_SNAPSHOT_REFRESH_MS);
    this.timer.unref();
  }

  /** Reloads now; concurrent calls share one in-flight load plus at most one follow-up (last good state kept on failure). */
  reload(): Promise<void> {
    return this.reloader.run();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.subscription?.close();
  }
}
