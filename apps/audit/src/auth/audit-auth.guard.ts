import { Inject, Injectable, SetMetadata, createParamDecorator, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AuthenticationError, PermissionDeniedError } from '@asc/errors';
import { constantTimeEqual, looksLikeVirtualKey } from '@asc/secrets';
import { MetricsController } from '@asc/telemetry';
import { AUDIT_CONFIG, type AuditConfig } from '../audit-config';
import { AUDITOR_TOKEN_MARKER, AuditorRepository } from './auditor.repository';
import { KeySnapshotService } from './key-snapshot.service';
import type { Principal } from './principal';

/** Routes marked `@Public()` need no credentials (health, the published public key), nor does `/metrics` (Prometheus scrapes it). */
const PUBLIC = 'asc:public';
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC, true);
/** Routes marked `@AdminOnly()` take only the platform admin token. */
const ADMIN_ONLY = 'asc:admin-only';
export const AdminOnly = (): MethodDecorator & ClassDecorator => SetMetadata(ADMIN_ONLY, true);

type AuthedRequest = FastifyRequest & { principal?: Principal };

/**
 * `Authorization: Bearer <token>`, one of: the platform admin token (`ASC_ADMIN_TOKEN`, constant-time compare as in
 * the gateway's AdminTokenGuard), a tenant's virtual key (`sk-asc-…`, from the key snapshot), or an auditor token
 * (`asc-aud-…`, looked up by hash). Which tenants the caller may read is decided per route (see tenant-access.ts).
 */
@Injectable()
export class AuditAuthGuard implements CanActivate {
  constructor(
    @Inject(AUDIT_CONFIG) private readonly config: AuditConfig,
    private readonly keys: KeySnapshotService,
    private readonly auditors: AuditorRepository,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (context.getClass() === MetricsController || this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const principal = await this.authenticate(request.headers.authorization);
    if (this.reflector.getAllAndOverride<boolean>(ADMIN_ONLY, targets) && principal.type !== 'admin') {
      throw new PermissionDeniedError('This operation needs the platform admin token.');
    }
    request.principal = principal;
    return true;
  }

  private async authenticate(header: string | undefined): Promise<Principal> {
    const token = typeof header === 'string' && header.toLowerCase().startsWith('bearer ') ? header.slice(7).trim() : '';
    if (token === '') throw new AuthenticationError('Missing credentials: send `Authorization: Bearer <admin token | virtual key | auditor token>`.');
    if (constantTimeEqual(token, this.config.ASC_ADMIN_TOKEN)) return { type: 'admin' };
    if (looksLikeVirtualKey(token)) {
      const check = this.keys.checkKey(token);
      if (!check.ok) throw new AuthenticationError(check.reason === 'unknown' ? 'Invalid API key.' : `This API key is ${check.reason.replace('_', ' ')}.`);
      return { type: 'tenant', tenantId: check.tenant.id, keyId: check.key.keyId };
    }
    if (token.startsWith(AUDITOR_TOKEN_MARKER)) {
      const auditor = await this.auditors.findByToken(token);
      if (auditor) return { type: 'auditor', auditorId: auditor.id, tenantIds: new Set(auditor.tenantIds) };
    }
    throw new AuthenticationError('Invalid credentials.');
  }
}

export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthedRequest>().principal;
  if (!principal) throw new AuthenticationError('Not authenticated.');
  return principal;
});
