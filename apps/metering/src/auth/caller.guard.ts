import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { MeteringConfig } from '@asc/config';
import { AuthenticationError, PermissionDeniedError } from '@asc/errors';
import { constantTimeEqual } from '@asc/secrets';
import { METERING_CONFIG } from '../metering-config.token';
import type { RequestWithCaller } from './caller';
import { KeySnapshotService } from './key-snapshot.service';

/**
 * `Authorization: Bearer <token>`: the admin token (same scheme as the gateway's AdminTokenGuard, constant-time
 * compare) or a tenant's virtual key (resolved against the key snapshot).
 */
@Injectable()
export class CallerGuard implements CanActivate {
  constructor(
    @Inject(METERING_CONFIG) private readonly config: MeteringConfig,
    private readonly keys: KeySnapshotService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest & RequestWithCaller>();
    const header = request.headers.authorization;
    const token = typeof header === 'string' && header.toLowerCase().startsWith('bearer ') ? header.slice(7).trim() : '';
    if (token === '') throw new AuthenticationError('Missing bearer token (admin token or tenant API key).');
    if (constantTimeEqual(token, this.config.ASC_ADMIN_TOKEN)) {
      request.caller = { kind: 'admin' };
      return true;
    }
    const check = this.keys.check(token);
    if (!check.ok) {
      if (check.reason === 'tenant_suspended') throw new PermissionDeniedError('The tenant is suspended.');
      throw new AuthenticationError('Invalid admin token or API key.');
    }
    request.caller = { kind: 'tenant', tenantId: check.tenant.id, keyId: check.key.keyId };
    return true;
  }
}
