import { Inject, Injectable, Logger, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { Pool } from 'pg';
import { AUDIT_CONFIG, type AuditConfig } from '../audit-config';

/**
 * One `pg` pool for the audit service. The chain writer needs set-based SQL (unnest inserts, FOR UPDATE on chain
 * heads) at tens of thousands of rows per second, which the Prisma client cannot express; the schema itself stays
 * in `libs/db/prisma/schema.prisma`.
 */
export const PG_POOL = Symbol('PG_POOL');

export const pgPoolProvider: Provider = {
  provide: PG_POOL,
  inject: [AUDIT_CONFIG],
  useFactory: (config: AuditConfig) => {
    const pool = new Pool({ connectionString: config.DATABASE_URL, max: config.ASC_AUDIT_DB_POOL_SIZE, application_name: 'asc-audit' });
    // An idle connection dropped by the server (restart, failover) must not crash the process; the pool replaces it.
    pool.on('error', (error) => new Logger('Postgres').warn(`idle connection lost: ${error.message}`));
    return pool;
  },
};

@Injectable()
export class PgPoolCloser implements OnApplicationShutdown {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
