import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { CoalescedReload, Database, checkVirtualKey, listenConfigChanges, loadGatewaySnapshot, type ConfigChangeListener, type GatewaySnapshot, type KeyCheck } from '@asc/db';
import { EnvelopeCipher, parseMasterKey } from '@asc/secrets';
import { AUDIT_CONFIG, type AuditConfig } from '../audit-config';

/**
 * Virtual keys and tenants in memory, as the gateway has them: loaded with `loadGatewaySnapshot`, reloaded on every
 * config NOTIFY and on a slow timer. The audit service never needs provider secrets, so it loads the snapshot with a
 * throwaway master key: credentials fail to decrypt and their deployments are left out, keys and tenants are complete.
 */
@Injectable()
export class KeySnapshotService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('KeySnapshot');
  private readonly db: Database;
  private readonly cipher = new EnvelopeCipher([parseMasterKey('audit-no-secrets', randomBytes(32).toString('base64'))]);
  private readonly pepper: Buffer;
  private snapshot: GatewaySnapshot | undefined;
  private listener: ConfigChangeListener | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly reloader = new CoalescedReload(
    async () => {
      this.snapshot = await loadGatewaySnapshot(this.db, this.cipher);
    },
    (error) => this.logger.error(`key snapshot reload failed: ${error.message}`),
  );

  constructor(@Inject(AUDIT_CONFIG) private readonly config: AuditConfig) {
    this.db = Database.connect(config.DATABASE_URL, { poolSize: 2 });
    this.pepper = Buffer.from(config.ASC_KEY_HASH_SECRET, 'utf8');
  }

  async onModuleInit(): Promise<void> {
    // Subscribe first, so a change committed during the first load is not missed.
    this.listener = await listenConfigChanges(this.config.DATABASE_URL, () => void this.reload(), {
      onError: (error) => this.logger.warn(`config listener: ${error.message}`),
    });
    await this.reload();
    this.timer = setInterval(() => void this.reload(), this.config.ASC_SNAPSHOT_REFRESH_MS);
    this.timer.unref();
  }

  /** Reloads now; concurrent calls share one in-flight load plus at most one follow-up (last good state kept on failure). */
  reload(): Promise<void> {
    return this.reloader.run();
  }

  checkKey(secret: string): KeyCheck {
    if (!this.snapshot) return { ok: false, reason: 'unknown' };
    return checkVirtualKey(this.snapshot, secret, this.pepper);
  }

  /** Tenant id for an id or a slug, when the tenant exists. */
  resolveTenant(idOrSlug: string): string | undefined {
    const tenants = this.snapshot?.tenants;
    if (!tenants) return undefined;
    if (tenants.has(idOrSlug)) return idOrSlug;
    for (const tenant of tenants.values()) if (tenant.slug === idOrSlug) return tenant.id;
    return undefined;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.listener?.close();
    await this.db.close();
  }
}
