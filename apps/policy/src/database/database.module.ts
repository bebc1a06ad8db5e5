import { Global, Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { Database, PolicyStore } from '@asc/db';
import type { PolicyConfig } from '@asc/config';

/** Closes the Prisma pool on shutdown. */
@Injectable()
class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(@Inject(Database) private readonly db: Database) {}
  async onApplicationShutdown(): Promise<void> {
    await this.db.close();
  }
}

/** The one Database (Prisma pool) of the process and the PolicyStore over it. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(config: PolicyConfig): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        { provide: Database, useFactory: () => Database.connect(config.DATABASE_URL, { poolSize: 5 }) },
        { provide: PolicyStore, inject: [Database], useFactory: (db: Database) => new PolicyStore(db) },
        DatabaseLifecycle,
      ],
      exports: [Database, PolicyStore],
    };
  }
}
