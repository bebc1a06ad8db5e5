import { Prisma, type RoutingRule as RoutingRuleRow } from '../generated/prisma/client';
import type { AscPrismaClient } from '../prisma-client';

/**
 * The rows behind the gateway snapshot, read in one round trip (a batch transaction of four SELECTs) at
 * REPEATABLE READ, so keys, tenants and deployments come from one consistent point in time.
 */
const KEY_SELECT = {
  id: true,
  tenantId: true,
  prefix: true,
  hash: true,
  expiresAt: true,
  revokedAt: true,
} as const satisfies Prisma.ApiKeySelect;

const TENANT_SELECT = {
  id: true,
  slug: true,
  name: true,
  status: true,
  allowedModels: true,
  organizationId: true,
} as const satisfies Prisma.TenantSelect;

const DEPLOYMENT_INCLUDE = { credential: true } as const satisfies Prisma.DeploymentInclude;

export type SnapshotKeyRow = Prisma.ApiKeyGetPayload<{ select: typeof KEY_SELECT }>;
export type SnapshotTenantRow = Prisma.TenantGetPayload<{ select: typeof TENANT_SELECT }>;
export type SnapshotDeploymentRow = Prisma.DeploymentGetPayload<{ include: typeof DEPLOYMENT_INCLUDE }>;

export interface SnapshotRows {
  keys: SnapshotKeyRow[];
  tenants: SnapshotTenantRow[];
  deployments: SnapshotDeploymentRow[];
  routingRules: RoutingRuleRow[];
}

export async function readSnapshotRows(prisma: AscPrismaClient): Promise<SnapshotRows> {
  const [keys, tenants, deployments, routingRules] = await prisma.$transaction(
    [
      prisma.apiKey.findMany({ select: KEY_SELECT }),
      prisma.tenant.findMany({ select: TENANT_SELECT }),
      prisma.deployment.findMany({
        where: { enabled: true },
        include: DEPLOYMENT_INCLUDE,
        orderBy: [{ model: 'asc' }, { priority: 'asc' }, { createdAt: 'asc' }],
      }),
      prisma.routingRule.findMany(),
    ],
    { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead },
  );
  return { keys, tenants, deployments, routingRules };
}
