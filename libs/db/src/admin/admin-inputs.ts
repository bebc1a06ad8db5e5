import { InvalidRequestError } from '@asc/errors';
import { z } from 'zod';
import { BALANCE_STRATEGIES, DEPLOYMENT_OPERATIONS, DEPLOYMENT_PROVIDERS, FALLBACK_CONDITIONS, TENANT_STATUSES } from '../types';

/** Input schemas of the admin store: the one place admin input is validated, whoever calls (HTTP API, CLI). */

const actor = z.string().trim().min(1).max(200);
const id = z.string().trim().min(1).max(100);
const slug = z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'lowercase letters, digits and dashes, 1-63 chars');
const name = z.string().trim().min(1).max(200);
const modelName = z.string().trim().min(1).max(200);

export const createOrganizationInput = z.object({ actor, slug, name });

export const createTenantInput = z.object({
  actor,
  slug,
  name,
  status: z.enum(TENANT_STATUSES).default('active'),
  allowedModels: z.array(modelName).max(1000).default([]),
  organizationId: id.nullable().default(null),
});

export const updateTenantInput = z.object({
  actor,
  tenantId: id,
  name: name.optional(),
  status: z.enum(TENANT_STATUSES).optional(),
  allowedModels: z.array(modelName).max(1000).optional(),
});

export const createApiKeyInput = z.object({
  actor,
  tenantId: id,
  name,
  expiresAt: z.coerce.date().nullable().default(null),
});

export const revokeApiKeyInput = z.object({ actor, keyId: id });

/** Default grace of a rotation: the old key keeps working for a day, so clients can roll over. */
export const DEFAULT_ROTATION_GRACE_SECONDS = 24 * 60 * 60;

export const rotateApiKeyInput = z.object({
  actor,
  keyId: id,
  gracePeriodSeconds: z.number().int().min(0).max(30 * 24 * 60 * 60).default(DEFAULT_ROTATION_GRACE_SECONDS),
});

export const createCredentialInput = z.object({
  actor,
  tenantId: id.nullable().default(null),
  provider: z.enum(DEPLOYMENT_PROVIDERS),
  name,
  secret: z.string().min(1).max(16_384),
});

export const deleteCredentialInput = z.object({ actor, credentialId: id });

const deploymentFields = {
  model: modelName,
  provider: z.enum(DEPLOYMENT_PROVIDERS),
  upstreamModel: modelName,
  baseUrl: z.url({ protocol: /^https?$/ }).max(2000),
  region: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'a region id such as eu-west-1'),
  apiVersion: z.string().trim().min(1).max(100).nullable(),
  credentialId: id.nullable(),
  operations: z.array(z.enum(DEPLOYMENT_OPERATIONS)).min(1).transform((ops) => [...new Set(ops)]),
  priority: z.number().int().min(-1_000_000).max(1_000_000),
  weight: z.number().int().min(0).max(1_000_000),
  enabled: z.boolean(),
};

export const createDeploymentInput = z.object({
  actor,
  tenantId: id.nullable().default(null),
  model: deploymentFields.model,
  provider: deploymentFields.provider,
  upstreamModel: deploymentFields.upstreamModel,
  baseUrl: deploymentFields.baseUrl,
  region: deploymentFields.region,
  apiVersion: deploymentFields.apiVersion.default(null),
  credentialId: deploymentFields.credentialId.default(null),
  operations: deploymentFields.operations.default(['chat']),
  priority: deploymentFields.priority.default(0),
  weight: deploymentFields.weight.default(1),
  enabled: deploymentFields.enabled.default(true),
});

export const updateDeploymentInput = z.object({
  actor,
  deploymentId: id,
  model: deploymentFields.model.optional(),
  provider: deploymentFields.provider.optional(),
  upstreamModel: deploymentFields.upstreamModel.optional(),
  baseUrl: deploymentFields.baseUrl.optional(),
  region: deploymentFields.region.optional(),
  apiVersion: deploymentFields.apiVersion.optional(),
  credentialId: deploymentFields.credentialId.optional(),
  operations: deploymentFields.operations.optional(),
  priority: deploymentFields.priority.optional(),
  weight: deploymentFields.weight.optional(),
  enabled: deploymentFields.enabled.optional(),
});

export const disableDeploymentInput = z.object({ actor, deploymentId: id });

/** A routing rule replaces the previous one for the same tenant (or platform, tenantId null) and model. */
export const setRoutingRuleInput = z.object({
  actor,
  tenantId: id.nullable().default(null),
  model: modelName,
  fallbackModels: z.array(modelName).max(20).default([]),
  fallbackOn: z.array(z.enum(FALLBACK_CONDITIONS)).default([...FALLBACK_CONDITIONS]).transform((c) => [...new Set(c)]),
  maxRetries: z.number().int().min(0).max(10).default(0),
  retryBaseMs: z.number().int().min(0).max(60_000).default(200),
  retryMaxMs: z.number().int().min(0).max(300_000).default(5_000),
  ttftDeadlineMs: z.number().int().min(1).max(600_000).nullable().default(null),
  totalDeadlineMs: z.number().int().min(100).max(3_600_000).default(120_000),
  strategy: z.enum(BALANCE_STRATEGIES).default('weighted'),
});

export const deleteRoutingRuleInput = z.object({ actor, tenantId: id.nullable().default(null), model: modelName });

export type SetRoutingRuleInput = z.input<typeof setRoutingRuleInput>;
export type DeleteRoutingRuleInput = z.input<typeof deleteRoutingRuleInput>;
export type CreateOrganizationInput = z.input<typeof createOrganizationInput>;
export type CreateTenantInput = z.input<typeof createTenantInput>;
export type UpdateTenantInput = z.input<typeof updateTenantInput>;
export type CreateApiKeyInput = z.input<typeof createApiKeyInput>;
export type RevokeApiKeyInput = z.input<typeof revokeApiKeyInput>;
export type RotateApiKeyInput = z.input<typeof rotateApiKeyInput>;
export type CreateCredentialInput = z.input<typeof createCredentialInput>;
export type DeleteCredentialInput = z.input<typeof deleteCredentialInput>;
export type CreateDeploymentInput = z.input<typeof createDeploymentInput>;
export type UpdateDeploymentInput = z.input<typeof updateDeploymentInput>;
export type DisableDeploymentInput = z.input<typeof disableDeploymentInput>;

/** Parses admin input, turning every schema issue into one 400 that names the offending fields. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => `${issue.path.join('.') || '(input)'}: ${issue.message}`);
  const [first] = result.error.issues;
  throw new InvalidAdminInput(issues.join('; '), first?.path.join('.'));
}

/** 400 for admin input that breaks a rule (schema or business), naming the field when there is one. */
export class InvalidAdminInput extends InvalidRequestError {
  constructor(message: string, param?: string) {
    super({ message: `Invalid admin request: ${message}`, ...(param ? { param } : {}) });
  }
}
