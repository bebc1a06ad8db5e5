import type { EncryptedSecret } from '@asc/secrets';
import type { Prisma } from '../generated/prisma/client';
import type { CredentialInfo, DeploymentProvider } from '../types';

type Db = Prisma.TransactionClient;

export interface NewCredential {
  tenantId: string | null;
  provider: DeploymentProvider;
  name: string;
  /** Already envelope-encrypted by the caller; plaintext never reaches this layer. */
  encrypted: EncryptedSecret;
  createdBy: string;
}

const INFO_SELECT = {
  id: true,
  tenantId: true,
  provider: true,
  name: true,
  keyId: true,
  createdBy: true,
  createdAt: true,
} as const satisfies Prisma.ProviderCredentialSelect;

type InfoRow = Prisma.ProviderCredentialGetPayload<{ select: typeof INFO_SELECT }>;

export class CredentialRepository {
  constructor(private readonly db: Db) {}

  async create(input: NewCredential): Promise<CredentialInfo> {
    const { encrypted } = input;
    const row = await this.db.providerCredential.create({
      data: {
        tenantId: input.tenantId,
        provider: input.provider,
        name: input.name,
        keyId: encrypted.keyId,
        encryptedDataKey: encrypted.encryptedDataKey,
        iv: encrypted.iv,
        tag: encrypted.tag,
        ciphertext: encrypted.ciphertext,
        createdBy: input.createdBy,
      },
      select: INFO_SELECT,
    });
    return toInfo(row);
  }

  async findById(id: string): Promise<CredentialInfo | null> {
    const row = await this.db.providerCredential.findUnique({ where: { id }, select: INFO_SELECT });
    return row ? toInfo(row) : null;
  }

  /** `tenantId` undefined = all; null = platform-wide only; a string = that tenant's own. */
  async list(filter: { tenantId?: string | null }): Promise<CredentialInfo[]> {
    const where = filter.tenantId === undefined ? {} : { tenantId: filter.tenantId };
    const rows = await this.db.providerCredential.findMany({ where, select: INFO_SELECT, orderBy: { createdAt: 'asc' } });
    return rows.map(toInfo);
  }

  async countDeploymentsUsing(id: string): Promise<number> {
    return this.db.deployment.count({ where: { credentialId: id } });
  }

  async delete(id: string): Promise<void> {
    await this.db.providerCredential.delete({ where: { id } });
  }
}

function toInfo(row: InfoRow): CredentialInfo {
  return {
    id: row.id,
    tenantId: row.tenantId,
    provider: row.provider as DeploymentProvider,
    name: row.name,
    keyId: row.keyId,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
  };
}
