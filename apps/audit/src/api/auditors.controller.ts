import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import { InvalidRequestError, NotFoundError } from '@asc/errors';
import { PLATFORM_TENANT_ID } from '@asc/contracts/events';
import { AdminOnly } from '../auth/audit-auth.guard';
import { AuditorRepository } from '../auth/auditor.repository';
import { KeySnapshotService } from '../auth/key-snapshot.service';

const createAuditorBody = z.object({
  name: z.string().trim().min(1).max(200),
  /** Tenant ids or slugs the auditor may read. */
  tenants: z.array(z.string().min(1).max(128)).min(1).max(10_000),
});

/** Auditor management (platform admin only). The token is returned once, at creation. */
@AdminOnly()
@Controller('audit/v1/auditors')
export class AuditorsController {
  constructor(
    private readonly auditors: AuditorRepository,
    private readonly keys: KeySnapshotService,
  ) {}

  @Post()
  async create(@Body() body: unknown) {
    const parsed = createAuditorBody.safeParse(body);
    if (!parsed.success) throw new InvalidRequestError({ message: `Invalid auditor: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` });
    const tenantIds = parsed.data.tenants.map((t) => {
      const id = t === PLATFORM_TENANT_ID ? t : this.keys.resolveTenant(t);
      if (id === undefined) throw new InvalidRequestError({ message: `Unknown tenant '${t}'.`, param: 'tenants' });
      return id;
    });
    return this.auditors.create({ name: parsed.data.name, tenantIds: [...new Set(tenantIds)], createdBy: 'admin' });
  }

  @Get()
  list() {
    return this.auditors.list();
  }

  @Post(':id/revoke')
  async revoke(@Param('id') id: string) {
    const auditor = await this.auditors.revoke(id);
    if (!auditor) throw new NotFoundError(`No auditor '${id}'.`);
    return auditor;
  }
}
