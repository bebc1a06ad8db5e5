import { z } from 'zod';
import { DEPLOYMENT_OPERATIONS, DEPLOYMENT_PROVIDERS } from '@asc/db';
import { policyDocumentSchema } from '@asc/policy';

/**
 * Policy as code: the YAML (or JSON) file `asc apply -f` sends. It declares organizations, tenants with their
 * policies, key policies and deployments, and the platform layer. The file is the source of truth for what it
 * declares: a declared entity's policy not in the file is removed; when a tenant (or `platform`) lists
 * `deployments`, its deployments not in the list are disabled. Undeclared tenants and organizations are left alone.
 *
 *   apiVersion: asc.policy/v1
 *   platform: { policy: {...}, deployments: [...] }
 *   organizations: [{ slug, name, policy }]
 *   tenants: [{ slug, name, organization, policy, keys: [{ id, policy }], deployments: [...] }]
 */
const slug = z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'lowercase letters, digits and dashes, 1-63 chars');
const name = z.string().trim().min(1).max(200);

export const deploymentSpecSchema = z.strictObject({
  model: z.string().trim().min(1).max(200),
  provider: z.enum(DEPLOYMENT_PROVIDERS),
  upstreamModel: z.string().trim().min(1).max(200).optional(),
  baseUrl: z.url({ protocol: /^https?$/ }),
  region: z.string().trim().toLowerCase().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'region like eu-west-1'),
  apiVersion: z.string().trim().min(1).max(50).nullable().optional(),
  operations: z.array(z.enum(DEPLOYMENT_OPERATIONS)).min(1).optional(),
  priority: z.number().int().min(-1_000_000).max(1_000_000).optional(),
  weight: z.number().int().min(0).max(1_000_000).optional(),
  enabled: z.boolean().optional(),
});

export const policyFileSchema = z.strictObject({
  apiVersion: z.literal('asc.policy/v1'),
  platform: z.strictObject({ policy: policyDocumentSchema.optional(), deployments: z.array(deploymentSpecSchema).optional() }).optional(),
  organizations: z.array(z.strictObject({ slug, name, policy: policyDocumentSchema.optional() })).default([]),
  tenants: z
    .array(
      z.strictObject({
        slug,
        name,
        organization: slug.nullable().optional(),
        policy: policyDocumentSchema.optional(),
        keys: z.array(z.strictObject({ id: z.string().trim().min(1).max(100), policy: policyDocumentSchema })).optional(),
        deployments: z.array(deploymentSpecSchema).optional(),
      }),
    )
    .default([]),
});

export type PolicyFile = z.output<typeof policyFileSchema>;
export type DeploymentSpec = z.output<typeof deploymentSpecSchema>;
