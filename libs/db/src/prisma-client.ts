import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';

/**
 * The Prisma client, over `pg` through the driver adapter (no engine binary). Only repositories and the
 * snapshot loader receive it; everything else goes through `Database` or `AdminStore`.
 */
export type AscPrismaClient = PrismaClient;

export function createPrismaClient(databaseUrl: string, options: { poolSize?: number } = {}): AscPrismaClient {
  const adapter = new PrismaPg({
    connectionString: databaseUrl,
    max: options.poolSize ?? 5,
    application_name: 'asc',
  });
  return new PrismaClient({ adapter });
}
