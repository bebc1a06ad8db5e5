import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { PermissionDeniedError } from '@asc/errors';

/** Who is asking: the admin token sees every tenant; a tenant's virtual key sees only its own tenant. */
export type Caller = { kind: 'admin' } | { kind: 'tenant'; tenantId: string; keyId: string };

export interface RequestWithCaller {
  caller?: Caller;
}

export const CurrentCaller = createParamDecorator((_data: unknown, context: ExecutionContext): Caller => {
  const caller = context.switchToHttp().getRequest<RequestWithCaller>().caller;
  if (!caller) throw new Error('CallerGuard did not run');
  return caller;
});

export function requireAdmin(caller: Caller): void {
  if (caller.kind !== 'admin') throw new PermissionDeniedError('This operation needs the admin token.');
}

/** The tenant a caller may read: admins choose (or see all with undefined), tenants get their own. */
export function tenantScope(caller: Caller, requested: string | undefined): string | undefined {
  if (caller.kind === 'admin') return requested;
  if (requested !== undefined && requested !== caller.tenantId) throw new PermissionDeniedError('A tenant key can only read its own tenant.');
  return caller.tenantId;
}
