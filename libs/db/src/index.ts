export { createPrismaClient, type AscPrismaClient } from './prisma-client';
export { migrateDatabase, type MigrateOptions, type MigrateResult } from './migrate/migrator';
export { DEFAULT_MIGRATIONS_DIR, migrationsFingerprint, readMigrations, type MigrationFile } from './migrate/migrations';
