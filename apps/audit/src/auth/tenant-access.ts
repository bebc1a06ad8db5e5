import { Injectable } from '@nestjs/common';
import { NotFoundError } from '@asc/errors';
import { PLATFORM_TENANT_ID } from '@asc/contracts/events';
import { KeySnapshotService } from './key-snapshot.service';
import { mayRead, type Principal } from './principal';

/**
 * Resolves the `:tenant` path segment (id or slug) and checks the caller may read it. A tenant the caller may not
 * read answers exactly like one that does not exist (404), so tenant ids and slugs cannot be probed.
 * Admins and auditors may also name a tenant id unknown to the key snapshot (e.g. a deleted tenant's trail,
 * or `_platform`).
 */
@Injectable()
export class TenantAccess {
  constructor(private readonly keys: KeySnapshotService) {}

  resolve(principal: Principal, idOrSlug: string): string {
    const tenantId = this.keys.resolveTenant(idOrSlug) ?? (idOrSlug === PLATFORM_TENANT_ID || principal.type !== 'tenant' ? idOrSlug : undefined);
    if (tenantId === undefined || !mayRead(principal, tenantId)) throw new NotFoundError(`No audit trail for tenant '${idOrSlug}'.`);
    return tenantId;
  }
}
