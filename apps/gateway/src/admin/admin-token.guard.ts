import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AuthenticationError } from '@asc/errors';
import { constantTimeEqual } from '@asc/secrets';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway-config';

/** The admin API takes the bootstrap admin token from the environment (until SSO/RBAC), compared in constant time. */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const header = request.headers.authorization;
    const token = typeof header === 'string' && header.toLowerCase().startsWith('bearer ') ? header.slice(7).trim() : '';
    if (token === '' || !constantTimeEqual(token, this.config.ASC_ADMIN_TOKEN)) {
      throw new AuthenticationError('Invalid or missing admin token.');
    }
    return true;
  }
}
