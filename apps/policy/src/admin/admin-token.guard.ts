import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AuthenticationError } from '@asc/errors';
import { constantTimeEqual } from '@asc/secrets';
import { POLICY_CONFIG, type PolicyConfig } from '../policy-config';

/** Same scheme as the gateway's admin API: `Authorization: Bearer <ASC_ADMIN_TOKEN>`, compared in constant time. */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  constructor(@Inject(POLICY_CONFIG) private readonly config: PolicyConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const header = request.headers.authorization;
    const token = typeof header === 'string' && header.toLowerCase().startsWith('bearer ') ? header.slice(7).trim() : '';
    if (token === '' || !constantTimeEqual(token, this.config.ASC_ADMIN_TOKEN)) throw new AuthenticationError('Invalid or missing admin token.');
    return true;
  }
}
