import { Inject, Injectable, Logger } from '@nestjs/common';
import type { MeteringConfig } from '@asc/config';
import { CoalescedReload, Database, checkVirtualKey, listenConfigChanges, loadGatewaySnapshot, type GatewaySnapshot, type KeyCheck } from '@asc/db';
import { EnvelopeCipher, parseMasterKeyring } from '@asc/secrets';
import { METERING_CONFIG } from '../metering-config.token';

/**
 * Virtual keys of tenant callers, resolved like the gateway does: an in-memory snapshot of keys and tenants,
 * reloaded on Postgres NOTIFY (config changes) and on a slow timer. No I/O per request.
 */
@Injectable()
export class KeySnapshotService {
  private readonly logger = new Logger('KeySnapshot');
  private readonly database: Database;
  private readonly cipher: EnvelopeCipher;
  private snapshot: GatewaySnapshot | undefined;
  private subscription: { close(): Promise<void> } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly reloader = new CoalescedReload(
    async () => {
      this.snapshot = await loadGatewaySnapshot(this.database, this.cipher);
    },
    (error) => this.logger.error(`key snapshot reload failed: ${error.message}`),
  );

  constructor(@Inject(METERING_CONFIG) private readonly config: MeteringConfig) {
    this.database = Database.connect(config.DATABASE_URL, { poolSize: 2 });
    this.cipher = new EnvelopeCipher(parseMasterKeyring(config.ASC_MASTER_KEYS));
  }

  async start(): Promise<void> {
    this.subscription = await listenConfigChanges(this.config.DATABASE_URL, () => void this.reload());
    await this.reload();
    this.timer = setInterval(() => void this.reload(), this.config.ASC_SNAPSHOT_REFRESH_MS);
    this.timer.unref();
  }

  check(secret: string): KeyCheck {
    if (!this.snapshot) return { ok: false, reason: 'unknown' };
    return checkVirtualKey(this.snapshot, secret, this.config.ASC_KEY_HASH_SECRET);
  }

  /** Never rejects: metering serves its API without keys until a load succeeds. */
  reload(): Promise<void> {
    return this.reloader.run().catch(() => undefined);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.subscription?.close();
    await this.reloader.idle();
    await this.database.close();
  }
}
