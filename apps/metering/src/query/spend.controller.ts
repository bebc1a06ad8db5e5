import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { PgPool } from '../database/pg-pool';
import { CallerGuard } from '../auth/caller.guard';
import { CurrentCaller, tenantScope, type Caller } from '../auth/caller';
import { parseBody } from '../budgets/budget-inputs';
import { listUnpriced, querySpend, spendQuerySchema } from './spend-query';

/** `GET /v1/spend`: spend by tenant/key/model/provider/day over a day range. `GET /v1/unpriced`: usage that has no price. */
@Controller('v1')
@UseGuards(CallerGuard)
export class SpendController {
  constructor(private readonly pool: PgPool) {}

  @Get('spend')
  async spend(@CurrentCaller() caller: Caller, @Query() query: Record<string, string>) {
    const q = parseBody(spendQuerySchema, query);
    q.tenantId = tenantScope(caller, q.tenantId);
    const result = await querySpend(this.pool, q);
    return { from: q.from, to: q.to, currency: 'USD', groupBy: q.groupBy, groups: result.groups, total: result.total, unpricedEvents: result.unpricedEvents };
  }

  @Get('unpriced')
  async unpriced(@CurrentCaller() caller: Caller, @Query() query: Record<string, string>) {
    const q = parseBody(spendQuerySchema.pick({ from: true, to: true, tenantId: true }).extend({ limit: z.coerce.number().int().min(1).max(10_000).default(1000) }), query);
    return { events: await listUnpriced(this.pool, { ...q, tenantId: tenantScope(caller, q.tenantId) }) };
  }
}
