import { NotFoundError } from '@asc/errors';
import { generateVirtualKey, hashVirtualKey, type EnvelopeCipher } from '@asc/secrets';
import type { Database, Repositories } from '../repositories/database';
import type { NewAdminChange } from '../repositories/admin-change.repository';
import { ConflictError } from '../errors';
import type {
  RoutingRule,
  AdminChange,
  ApiKeyInfo,
  ConfigEntity,
  CredentialInfo,
  Deployment,
  DeploymentProvider,
  Organization,
  Tenant,
} from '../types';
import * as inputs from './admin-inputs';

export interface AdminStoreOptions {
  db: Database;
  /** Encrypts provider credentials at rest. */
  cipher: EnvelopeCipher;
  /** Pepper of the virtual key hash (from the environment, never stored). Must equal the gateway's. */
  keyPepper: string | Buffer;
  /** Injectable for tests; defaults to the wall clock. */
  now?: () => Date;
}

export interface IssuedApiKey {
  key: ApiKeyInfo;
  /** The plaintext secret. Returned once, here; only its prefix and keyed hash are stored. */
  secret: string;
}

export interface RotatedApiKey extends IssuedApiKey {
  /** The replaced key, now expiring at the end of the grace period. */
  previous: ApiKeyInfo;
}

type Mutation = Omit<NewAdminChange, 'actor'>;

/**
 * The business rules of tenant administration, shared by the gateway's admin HTTP API and the CLI.
 * Every mutation runs in one transaction with its AdminChange row(s) and a `NOTIFY asc_config_changed`,
 * which Postgres delivers at commit. Stateless apart from its dependencies; safe to share.
 */
export class AdminStore {
  private readonly db: Database;
  private readonly cipher: EnvelopeCipher;
  private readonly keyPepper: string | Buffer;
  private readonly now: () => Date;

  constructor(options: AdminStoreOptions) {
    this.db = options.db;
    this.cipher = options.cipher;
    this.keyPepper = options.keyPepper;
    this.now = options.now ?? (() => new Date());
  }

  // --- organizations and tenants ---

  async createOrganization(input: inputs.CreateOrganizationInput): Promise<Organization> {
    const { actor, ...data } = inputs.parseInput(inputs.createOrganizationInput, input);
    return this.mutate(actor, async (repos) => {
      const organization = await repos.organizations.create(data);
      return { result: organization, changes: [change('organization', 'created', organization.id, null, null, organization)] };
    });
  }

  listOrganizations(): Promise<Organization[]> {
    return this.db.repos.organizations.list();
  }

  async createTenant(input: inputs.CreateTenantInput): Promise<Tenant> {
    const { actor, ...data } = inputs.parseInput(inputs.createTenantInput, input);
    return this.mutate(actor, async (repos) => {
      if (data.organizationId !== null && !(await repos.organizations.findById(data.organizationId))) {
        throw new NotFoundError(`Organization '${data.organizationId}' does not exist.`);
      }
      const tenant = await repos.tenants.create({ ...data, allowedModels: [...new Set(data.allowedModels)] });
      return { result: tenant, changes: [change('tenant', 'created', tenant.id, tenant.id, null, tenant)] };
    });
  }

  async updateTenant(input: inputs.UpdateTenantInput): Promise<Tenant> {
    const { actor, tenantId, ...patch } = inputs.parseInput(inputs.updateTenantInput, input);
    return this.mutate(actor, async (repos) => {
      const before = await this.requireTenant(repos, tenantId);
      const after = await repos.tenants.update(before.id, {
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.status !== undefined ? { status: patch.status } : {}),
        ...(patch.allowedModels !== undefined ? { allowedModels: [...new Set(patch.allowedModels)] } : {}),
      });
      return { result: after, changes: [change('tenant', 'updated', after.id, after.id, before, after)] };
    });
  }

  listTenants(): Promise<Tenant[]> {
    return this.db.repos.tenants.list();
  }

  /** By id or slug. */
  getTenant(idOrSlug: string): Promise<Tenant> {
    return this.requireTenant(this.db.repos, idOrSlug);
  }

  // --- virtual keys ---

  async createApiKey(input: inputs.CreateApiKeyInput): Promise<IssuedApiKey> {
    const { actor, tenantId, name, expiresAt } = inputs.parseInput(inputs.createApiKeyInput, input);
    if (expiresAt !== null && expiresAt.getTime() <= this.now().getTime()) {
      throw new inputs.InvalidAdminInput('expiresAt must be in the future.', 'expiresAt');
    }
    return this.mutate(actor, async (repos) => {
      const tenant = await this.requireTenant(repos, tenantId);
      const { secret, prefix } = generateVirtualKey();
      const key = await repos.apiKeys.create({
        tenantId: tenant.id,
        name,
        prefix,
        hash: hashVirtualKey(secret, this.keyPepper),
        createdBy: actor,
        expiresAt,
        rotatedFromId: null,
      });
      return { result: { key, secret }, changes: [change('api_key', 'created', key.id, key.tenantId, null, key)] };
    });
  }

  async listApiKeys(tenantIdOrSlug: string): Promise<ApiKeyInfo[]> {
    const tenant = await this.requireTenant(this.db.repos, tenantIdOrSlug);
    return this.db.repos.apiKeys.listByTenant(tenant.id);
  }

  /** Revokes at once. Revoking an already revoked key is a no-op that returns it unchanged. */
  async revokeApiKey(input: inputs.RevokeApiKeyInput): Promise<ApiKeyInfo> {
    const { actor, keyId } = inputs.parseInput(inputs.revokeApiKeyInput, input);
    return this.mutate(actor, async (repos) => {
      await repos.apiKeys.lockById(keyId);
      const before = await requireKey(repos, keyId);
      if (before.revokedAt !== null) return { result: before, changes: [] };
      const after = await repos.apiKeys.update(keyId, { revokedAt: this.now() });
      return { result: after, changes: [change('api_key', 'revoked', keyId, after.tenantId, before, after)] };
    });
  }

  /**
   * Issues a successor with the same tenant, name and expiry; the old key keeps working until
   * now + gracePeriodSeconds (or its own earlier expiry), then expires. A key can be rotated once.
   */
  async rotateApiKey(input: inputs.RotateApiKeyInput): Promise<RotatedApiKey> {
    const { actor, keyId, gracePeriodSeconds } = inputs.parseInput(inputs.rotateApiKeyInput, input);
    return this.mutate(actor, async (repos) => {
      await repos.apiKeys.lockById(keyId);
      const before = await requireKey(repos, keyId);
      const now = this.now();
      if (before.revokedAt !== null) throw new ConflictError('A revoked key cannot be rotated.');
      if (before.expiresAt !== null && before.expiresAt <= now) throw new ConflictError('An expired key cannot be rotated.');
      if (before.rotatedToId !== null) throw new ConflictError(`Key '${keyId}' was already rotated to '${before.rotatedToId}'.`);

      const graceEnd = new Date(now.getTime() + gracePeriodSeconds * 1000);
      const oldExpiry = before.expiresAt !== null && before.expiresAt < graceEnd ? before.expiresAt : graceEnd;
      const { secret, prefix } = generateVirtualKey();
      const created = await repos.apiKeys.create({
        tenantId: before.tenantId,
        name: before.name,
        prefix,
        hash: hashVirtualKey(secret, this.keyPepper),
        createdBy: actor,
        expiresAt: before.expiresAt,
        rotatedFromId: before.id,
      });
      const previous = await repos.apiKeys.update(before.id, { expiresAt: oldExpiry });
      return {
        result: { key: created, secret, previous },
        changes: [
          change('api_key', 'rotated', previous.id, previous.tenantId, before, previous),
          change('api_key', 'created', created.id, created.tenantId, null, created),
        ],
      };
    });
  }

  // --- provider credentials ---

  async createCredential(input: inputs.CreateCredentialInput): Promise<CredentialInfo> {
    const { actor, tenantId, provider, name, secret } = inputs.parseInput(inputs.createCredentialInput, input);
    return this.mutate(actor, async (repos) => {
      const owner = tenantId === null ? null : (await this.requireTenant(repos, tenantId)).id;
      const credential = await repos.credentials.create({
        tenantId: owner,
        provider,
        name,
        encrypted: this.cipher.encrypt(secret),
        createdBy: actor,
      });
      return { result: credential, changes: [change('provider_credential', 'created', credential.id, owner, null, credential)] };
    });
  }

  /** `tenantId` undefined = all; null = platform-wide only. Never returns secrets. */
  listCredentials(filter: { tenantId?: string | null } = {}): Promise<CredentialInfo[]> {
    return this.db.repos.credentials.list(filter);
  }

  async deleteCredential(input: inputs.DeleteCredentialInput): Promise<void> {
    const { actor, credentialId } = inputs.parseInput(inputs.deleteCredentialInput, input);
    await this.mutate(actor, async (repos) => {
      const before = await repos.credentials.findById(credentialId);
      if (!before) throw new NotFoundError(`Provider credential '${credentialId}' does not exist.`);
      const users = await repos.credentials.countDeploymentsUsing(credentialId);
      if (users > 0) throw new ConflictError(`Provider credential '${credentialId}' is used by ${users} deployment(s).`);
      await repos.credentials.delete(credentialId);
      return { result: undefined, changes: [change('provider_credential', 'deleted', credentialId, before.tenantId, before, null)] };
    });
  }

  // --- deployments ---

  async createDeployment(input: inputs.CreateDeploymentInput): Promise<Deployment> {
    const { actor, ...data } = inputs.parseInput(inputs.createDeploymentInput, input);
    return this.mutate(actor, async (repos) => {
      const tenantId = data.tenantId === null ? null : (await this.requireTenant(repos, data.tenantId)).id;
      await checkCredential(repos, data.credentialId, tenantId, data.provider);
      const deployment = await repos.deployments.create({ ...data, tenantId });
      return { result: deployment, changes: [change('deployment', 'created', deployment.id, tenantId, null, deployment)] };
    });
  }

  async updateDeployment(input: inputs.UpdateDeploymentInput): Promise<Deployment> {
    const { actor, deploymentId, ...patch } = inputs.parseInput(inputs.updateDeploymentInput, input);
    return this.mutate(actor, async (repos) => {
      const before = await requireDeployment(repos, deploymentId);
      const provider = patch.provider ?? before.provider;
      const credentialId = patch.credentialId !== undefined ? patch.credentialId : before.credentialId;
      await checkCredential(repos, credentialId, before.tenantId, provider);
      const defined = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
      const after = await repos.deployments.update(deploymentId, defined);
      return { result: after, changes: [change('deployment', 'updated', after.id, after.tenantId, before, after)] };
    });
  }

  async disableDeployment(input: inputs.DisableDeploymentInput): Promise<Deployment> {
    const { actor, deploymentId } = inputs.parseInput(inputs.disableDeploymentInput, input);
    return this.mutate(actor, async (repos) => {
      const before = await requireDeployment(repos, deploymentId);
      if (!before.enabled) return { result: before, changes: [] };
      const after = await repos.deployments.update(deploymentId, { enabled: false });
      return { result: after, changes: [change('deployment', 'disabled', after.id, after.tenantId, before, after)] };
    });
  }

  /** `tenantId` undefined = all; null = platform-wide only. */
  listDeployments(filter: { tenantId?: string | null; model?: string } = {}): Promise<Deployment[]> {
    return this.db.repos.deployments.list(filter);
  }

  getDeployment(id: string): Promise<Deployment> {
    return requireDeployment(this.db.repos, id);
  }

  // --- routing rules ---

  async setRoutingRule(input: inputs.SetRoutingRuleInput): Promise<RoutingRule> {
    const { actor, ...fields } = inputs.parseInput(inputs.setRoutingRuleInput, input);
    return this.mutate(actor, async (repos) => {
      if (fields.tenantId !== null && !(await repos.tenants.findById(fields.tenantId))) throw new NotFoundError(`Tenant '${fields.tenantId}' does not exist.`);
      const before = await repos.routingRules.find(fields.tenantId, fields.model);
      const after = await repos.routingRules.upsert(fields);
      return { result: after, changes: [change('routing_rule', before ? 'updated' : 'created', after.id, after.tenantId, before, after)] };
    });
  }

  async deleteRoutingRule(input: inputs.DeleteRoutingRuleInput): Promise<void> {
    const { actor, tenantId, model } = inputs.parseInput(inputs.deleteRoutingRuleInput, input);
    await this.mutate(actor, async (repos) => {
      const before = await repos.routingRules.find(tenantId, model);
      if (!before) throw new NotFoundError(`No routing rule for model '${model}'.`);
      await repos.routingRules.delete(before.id);
      return { result: undefined, changes: [change('routing_rule', 'deleted', before.id, before.tenantId, before, null)] };
    });
  }

  listRoutingRules(filter: { tenantId?: string | null } = {}): Promise<RoutingRule[]> {
    return this.db.repos.routingRules.list(filter);
  }

  // --- audit trail ---

  listChanges(filter: { entity?: ConfigEntity; entityId?: string; tenantId?: string; limit?: number } = {}): Promise<AdminChange[]> {
    return this.db.repos.adminChanges.list(filter);
  }

  /** Runs `work` in a transaction, records its changes, then queues one NOTIFY per change (sent at commit). */
  private mutate<T>(actor: string, work: (repos: Repositories) => Promise<{ result: T; changes: Mutation[] }>): Promise<T> {
    return this.db.transaction(async (repos) => {
      const { result, changes } = await work(repos);
      for (const mutation of changes) {
        await repos.adminChanges.record({ ...mutation, actor });
        await repos.adminChanges.notify({
          entity: mutation.entity,
          id: mutation.entityId,
          tenantId: mutation.tenantId,
          action: mutation.action,
        });
      }
      return result;
    });
  }

  private async requireTenant(repos: Repositories, idOrSlug: string): Promise<Tenant> {
    const tenant = (await repos.tenants.findById(idOrSlug)) ?? (await repos.tenants.findBySlug(idOrSlug));
    if (!tenant) throw new NotFoundError(`Tenant '${idOrSlug}' does not exist.`);
    return tenant;
  }
}

function change(entity: ConfigEntity, verb: string, entityId: string, tenantId: string | null, before: unknown, after: unknown): Mutation {
  return { action: `${entity}.${verb}`, entity, entityId, tenantId, before, after };
}

async function requireKey(repos: Repositories, keyId: string): Promise<ApiKeyInfo> {
  const key = await repos.apiKeys.findById(keyId);
  if (!key) throw new NotFoundError(`API key '${keyId}' does not exist.`);
  return key;
}

async function requireDeployment(repos: Repositories, id: string): Promise<Deployment> {
  const deployment = await repos.deployments.findById(id);
  if (!deployment) throw new NotFoundError(`Deployment '${id}' does not exist.`);
  return deployment;
}

/** A deployment may use a platform-wide credential or one of its own tenant's, for the same provider. */
async function checkCredential(
  repos: Repositories,
  credentialId: string | null,
  tenantId: string | null,
  provider: DeploymentProvider,
): Promise<void> {
  if (credentialId === null) return;
  const credential = await repos.credentials.findById(credentialId);
  if (!credential) throw new NotFoundError(`Provider credential '${credentialId}' does not exist.`);
  if (credential.tenantId !== null && credential.tenantId !== tenantId) {
    throw new inputs.InvalidAdminInput('The credential belongs to another tenant.', 'credentialId');
  }
  if (credential.provider !== provider) {
    throw new inputs.InvalidAdminInput(`The credential is for '${credential.provider}', not '${provider}'.`, 'credentialId');
  }
}
