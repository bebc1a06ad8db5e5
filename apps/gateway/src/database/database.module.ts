import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { AdminStore, Database, listenConfigChanges, loadGatewaySnapshot } from '@asc/db';
import { EnvelopeCipher, parseMasterKeyring } from '@asc/secrets';
import type { GatewayConfig } from '@asc/config';
import { GATEWAY_CONFIG } from '../gateway-config';
import { SNAPSHOT_SOURCE, type SnapshotSource } from '../config-snapshot/snapshot.service';

/**
 * Postgres access of the gateway: the admin store (admin API) and the snapshot source (data plane). Neither is
 * on the request path: requests read the in-memory snapshot only.
 */
@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(Database) private readonly database: Database) {}

  static forRoot(config: GatewayConfig): DynamicModule {
    const database = Database.connect(config.DATABASE_URL, { poolSize: 5 });
    const cipher = new EnvelopeCipher(parseMasterKeyring(config.ASC_MASTER_KEYS));
    const snapshotSource: SnapshotSource = {
      load: () => loadGatewaySnapshot(database, cipher),
      onChange: (listener) => listenConfigChanges(config.DATABASE_URL, () => listener()),
    };
    return {
      module: DatabaseModule,
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        { provide: Database, useValue: database },
        { provide: AdminStore, useValue: new AdminStore({ db: database, cipher, keyPepper: config.ASC_KEY_HASH_SECRET }) },
        { provide: SNAPSHOT_SOURCE, useValue: snapshotSource },
      ],
      exports: [GATEWAY_CONFIG, Database, AdminStore, SNAPSHOT_SOURCE],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
  }
}
