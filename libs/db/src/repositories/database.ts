import type { Prisma } from '../generated/prisma/client';
import { createPrismaClient, type AscPrismaClient } from '../prisma-client';
import { AdminChangeRepository } from './admin-change.repository';
import { ApiKeyRepository } from './api-key.repository';
import { CredentialRepository } from './credential.repository';
import { DeploymentRepository } from './deployment.repository';
import { OrganizationRepository, TenantRepository } from './tenant.repository';
import { PolicyRepository } from './policy.repository';
import { RoutingRuleRepository } from './routing-rule.repository';

/** Every repository, bound to one connection or transaction. */
export interface Repositories {
  readonly organizations: OrganizationRepository;
  readonly tenants: TenantRepository;
  readonly apiKeys: ApiKeyRepository;
  readonly credentials: CredentialRepository;
  readonly deployments: DeploymentRepository;
  readonly adminChanges: AdminChangeRepository;
  readonly policies: PolicyRepository;
  readonly routingRules: RoutingRuleRepository;
}

function bind(db: Prisma.TransactionClient): Repositories {
  return {
    organizations: new OrganizationRepository(db),
    tenants: new TenantRepository(db),
    apiKeys: new ApiKeyRepository(db),
    credentials: new CredentialRepository(db),
    deployments: new DeploymentRepository(db),
    adminChanges: new AdminChangeRepository(db),
    policies: new PolicyRepository(db),
    routingRules: new RoutingRuleRepository(db),
  };
}

/**
 * The repositories over one Prisma client: `repos` for plain reads, `transaction` for mutations that must
 * commit together with their AdminChange row and NOTIFY. Long-lived; one per process.
 */
export class Database {
  readonly repos: Repositories;

  constructor(readonly prisma: AscPrismaClient) {
    this.repos = bind(prisma);
  }

  static connect(databaseUrl: string, options: { poolSize?: number } = {}): Database {
    return new Database(createPrismaClient(databaseUrl, options));
  }

  transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    return this.prisma.$transaction((tx) => work(bind(tx)), { timeout: 15_000, maxWait: 10_000 });
  }

  async close(): Promise<void> {
    await this.prisma.$disconnect();
  }
}
