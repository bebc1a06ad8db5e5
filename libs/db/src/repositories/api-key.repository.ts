import type { Prisma } from '../generated/prisma/client';
import type { ApiKeyInfo } from '../types';

type Db = Prisma.TransactionClient;

export interface NewApiKey {
  tenantId: string;
  name: string;
  prefix: string;
  /** Keyed hash of the secret (hashVirtualKey); the secret itself never reaches this layer. */
  hash: string;
  createdBy: string;
  expiresAt: Date | null;
  rotatedFromId: string | null;
}

// Every read selects explicit columns, so the hash can never leak into a listing by accident.
const INFO_SELECT = {
  id: true,
  tenantId: true,
  name: true,
  prefix: true,
  createdBy: true,
  createdAt: true,
  expiresAt: true,
  revokedAt: true,
  rotatedFromId: true,
  rotatedTo: { select: { id: true } },
} as const satisfies Prisma.ApiKeySelect;

type InfoRow = Prisma.ApiKeyGetPayload<{ select: typeof INFO_SELECT }>;

export class ApiKeyRepository {
  constructor(private readonly db: Db) {}

  async create(input: NewApiKey): Promise<ApiKeyInfo> {
    return toInfo(await this.db.apiKey.create({ data: input, select: INFO_SELECT }));
  }

  async findById(id: string): Promise<ApiKeyInfo | null> {
    const row = await this.db.apiKey.findUnique({ where: { id }, select: INFO_SELECT });
    return row ? toInfo(row) : null;
  }

  /** Row-locks the key for the rest of the transaction, so two concurrent rotations cannot both succeed. */
  async lockById(id: string): Promise<void> {
    await this.db.$queryRaw`SELECT id FROM "api_keys" WHERE id = ${id} FOR UPDATE`;
  }

  async listByTenant(tenantId: string): Promise<ApiKeyInfo[]> {
    const rows = await this.db.apiKey.findMany({ where: { tenantId }, select: INFO_SELECT, orderBy: { createdAt: 'asc' } });
    return rows.map(toInfo);
  }

  async update(id: string, patch: { revokedAt?: Date; expiresAt?: Date | null }): Promise<ApiKeyInfo> {
    return toInfo(await this.db.apiKey.update({ where: { id }, data: patch, select: INFO_SELECT }));
  }
}

function toInfo(row: InfoRow): ApiKeyInfo {
  return {
    id: row.id,
    tenantId: row.tenantId,
    name: row.name,
    prefix: row.prefix,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
    rotatedFromId: row.rotatedFromId,
    rotatedToId: row.rotatedTo?.id ?? null,
  };
}
