import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, UseGuards } from '@nestjs/common';
import { DeploymentHealth } from '../routing/deployment-health';
import { AdminStore } from '@asc/db';
import { InvalidRequestError } from '@asc/errors';
import { AdminTokenGuard } from './admin-token.guard';

/** Who made a change, as recorded in admin_changes and audit events. */
const ACTOR = 'admin:bootstrap-token';

type Json = Record<string, unknown>;

function object(body: unknown): Json {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InvalidRequestError({ message: 'The request body must be a JSON object.' });
  }
  return body as Json;
}

/**
 * The admin HTTP API (`/admin/v1`): tenants, keys, provider credentials, deployments. Validation and the rules
 * live in AdminStore; this controller only maps HTTP onto it. Tenants may be named by id or slug.
 */
@Controller('admin/v1')
@UseGuards(AdminTokenGuard)
export class AdminController {
  constructor(
    private readonly store: AdminStore,
    private readonly health: DeploymentHealth,
  ) {}

  @Get('tenants')
  listTenants() {
    return this.store.listTenants();
  }

  @Post('tenants')
  createTenant(@Body() body: unknown) {
    return this.store.createTenant({ ...object(body), actor: ACTOR } as Parameters<AdminStore['createTenant']>[0]);
  }

  @Get('tenants/:tenant')
  getTenant(@Param('tenant') tenant: string) {
    return this.store.getTenant(tenant);
  }

  @Patch('tenants/:tenant')
  async updateTenant(@Param('tenant') tenant: string, @Body() body: unknown) {
    const { id } = await this.store.getTenant(tenant);
    return this.store.updateTenant({ ...object(body), tenantId: id, actor: ACTOR } as Parameters<AdminStore['updateTenant']>[0]);
  }

  @Get('tenants/:tenant/keys')
  listKeys(@Param('tenant') tenant: string) {
    return this.store.listApiKeys(tenant);
  }

  /** Returns `{ key, secret }`; the secret is shown here once and never again. */
  @Post('tenants/:tenant/keys')
  async createKey(@Param('tenant') tenant: string, @Body() body: unknown) {
    const { id } = await this.store.getTenant(tenant);
    const input = object(body);
    const expiresInSeconds = input.expiresInSeconds;
    if (expiresInSeconds !== undefined && !(Number.isInteger(expiresInSeconds) && (expiresInSeconds as number) > 0)) {
      throw new InvalidRequestError({ message: "'expiresInSeconds' must be a positive integer.", param: 'expiresInSeconds' });
    }
    return this.store.createApiKey({
      actor: ACTOR,
      tenantId: id,
      name: (input.name as string | undefined) ?? 'default',
      expiresAt: typeof expiresInSeconds === 'number' ? new Date(Date.now() + expiresInSeconds * 1000) : ((input.expiresAt as string | null | undefined) ?? null),
    } as Parameters<AdminStore['createApiKey']>[0]);
  }

  @Post('keys/:key/revoke')
  @HttpCode(200)
  revokeKey(@Param('key') keyId: string) {
    return this.store.revokeApiKey({ actor: ACTOR, keyId });
  }

  @Post('keys/:key/rotate')
  @HttpCode(200)
  rotateKey(@Param('key') keyId: string, @Body() body: unknown) {
    return this.store.rotateApiKey({ ...object(body ?? {}), keyId, actor: ACTOR } as Parameters<AdminStore['rotateApiKey']>[0]);
  }

  @Get('credentials')
  listCredentials() {
    return this.store.listCredentials();
  }

  /** Plaintext secret in, encrypted at rest; never returned. */
  @Post('credentials')
  async createCredential(@Body() body: unknown) {
    const input = object(body);
    const tenantId = typeof input.tenant === 'string' ? (await this.store.getTenant(input.tenant)).id : (input.tenantId ?? null);
    const { tenant: _tenant, ...rest } = input;
    return this.store.createCredential({ ...rest, tenantId, actor: ACTOR } as Parameters<AdminStore['createCredential']>[0]);
  }

  @Delete('credentials/:credential')
  async deleteCredential(@Param('credential') credentialId: string) {
    await this.store.deleteCredential({ actor: ACTOR, credentialId });
    return { deleted: credentialId };
  }

  @Get('deployments')
  listDeployments() {
    return this.store.listDeployments();
  }

  @Post('deployments')
  async createDeployment(@Body() body: unknown) {
    const input = object(body);
    const tenantId = typeof input.tenant === 'string' ? (await this.store.getTenant(input.tenant)).id : (input.tenantId ?? null);
    const { tenant: _tenant, ...rest } = input;
    return this.store.createDeployment({ ...dropUndefined(rest), tenantId, actor: ACTOR } as Parameters<AdminStore['createDeployment']>[0]);
  }

  @Patch('deployments/:deployment')
  updateDeployment(@Param('deployment') deploymentId: string, @Body() body: unknown) {
    return this.store.updateDeployment({ ...dropUndefined(object(body)), deploymentId, actor: ACTOR } as Parameters<AdminStore['updateDeployment']>[0]);
  }

  /** Circuit state and in-flight requests per deployment, as this gateway replica sees them. */
  @Get('deployments/health')
  deploymentHealth() {
    return this.health.report();
  }

  @Get('routing-rules')
  listRoutingRules() {
    return this.store.listRoutingRules();
  }

  /** Creates or replaces the routing rule of a model alias, for a tenant (`tenant`) or platform-wide. */
  @Put('routing-rules')
  async setRoutingRule(@Body() body: unknown) {
    const input = object(body);
    const tenantId = typeof input.tenant === 'string' ? (await this.store.getTenant(input.tenant)).id : (input.tenantId ?? null);
    const { tenant: _tenant, ...rest } = input;
    return this.store.setRoutingRule({ ...dropUndefined(rest), tenantId, actor: ACTOR } as Parameters<AdminStore['setRoutingRule']>[0]);
  }

  @Delete('routing-rules')
  async deleteRoutingRule(@Query('model') model: string, @Query('tenant') tenant?: string) {
    const tenantId = tenant ? (await this.store.getTenant(tenant)).id : null;
    await this.store.deleteRoutingRule({ actor: ACTOR, tenantId, model });
    return { deleted: { tenantId, model } };
  }

  @Get('changes')
  listChanges() {
    return this.store.listChanges({ limit: 200 });
  }
}

function dropUndefined(value: Json): Json {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null));
}
