import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { PolicySnapshot__Output } from '@asc/contracts/policy';
import { CoalescedReload, listenConfigChanges, PolicyStore } from '@asc/db';
import { compileSnapshot, type CompiledSnapshot } from '@asc/policy';
import { POLICY_CONFIG, type PolicyConfig } from '../policy-config';
import { buildPolicySnapshot } from './build-snapshot';

export interface CurrentSnapshot {
  snapshot: PolicySnapshot__Output;
  compiled: CompiledSnapshot;
}

type SnapshotListener = (current: CurrentSnapshot) => void;

/**
 * Holds the current policy snapshot, compiled. Reloads it on every `asc_config_changed` NOTIFY (coalescing bursts
 * into one reload), on a short timer for metering's budget state (which changes without a NOTIFY), and on a slow
 * safety timer; pushes it to Watch subscribers whenever its content changed.
 */
@Injectable()
export class PolicySnapshotService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('PolicySnapshot');
  private current: CurrentSnapshot | undefined;
  private fingerprint = '';
  private readonly listeners = new Set<SnapshotListener>();
  private subscription: { close(): Promise<void> } | undefined;
  private timers: NodeJS.Timeout[] = [];
  private readonly reloader = new CoalescedReload(
    async () => {
      this.install(buildPolicySnapshot(await this.store.loadSnapshotRows()));
    },
    (error) => this.logger.error(`policy snapshot reload failed: ${error.message}`),
  );

  constructor(
    private readonly store: PolicyStore,
    @Inject(POLICY_CONFIG) private readonly config: PolicyConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    // Subscribe first, so a change committed while the first load runs is not missed.
    this.subscription = await listenConfigChanges(this.config.DATABASE_URL, () => void this.reload(), {
      onError: (error) => this.logger.warn(`config listener: ${error.message}`),
    });
    await this.reload();
    for (const ms of [this.config.ASC_POLICY_BUDGET_REFRESH_MS, this.config.ASC_SNAPSHOT_REFRESH_MS]) {
      const timer = setInterval(() => void this.reload(), ms);
      timer.unref();
      this.timers.push(timer);
    }
  }

  get ready(): boolean {
    return this.current !== undefined;
  }

  /** The current snapshot; undefined only before the first load completed. */
  get snapshot(): CurrentSnapshot | undefined {
    return this.current;
  }

  /** Calls `listener` on every content change; returns the unsubscribe function. */
  subscribe(listener: SnapshotListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reloads now; concurrent calls share one in-flight load plus at most one follow-up (last good state kept on failure). */
  reload(): Promise<void> {
    return this.reloader.run();
  }

  private install(snapshot: PolicySnapshot__Output): void {
    const fingerprint = JSON.stringify({ ...snapshot, generatedAtMs: 0 });
    if (fingerprint === this.fingerprint) return;
    this.fingerprint = fingerprint;
    this.current = { snapshot, compiled: compileSnapshot(snapshot) };
    for (const listener of this.listeners) listener(this.current);
  }

  async onApplicationShutdown(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.listeners.clear();
    await this.subscription?.close();
  }
}
