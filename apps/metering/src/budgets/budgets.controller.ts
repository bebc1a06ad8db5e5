import { Body, Controller, Delete, Get, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { PermissionDeniedError } from '@asc/errors';
import { CallerGuard } from '../auth/caller.guard';
import { CurrentCaller, requireAdmin, tenantScope, type Caller } from '../auth/caller';
import { createBudgetSchema, parseBody, updateBudgetSchema } from './budget-inputs';
import { BudgetsService, toStatus } from './budgets.service';

/** Budgets: admins manage them; a tenant key reads its own tenant's budgets and their status. */
@Controller('v1/budgets')
@UseGuards(CallerGuard)
export class BudgetsController {
  constructor(private readonly budgets: BudgetsService) {}

  @Get()
  async list(@CurrentCaller() caller: Caller, @Query('tenantId') tenantId?: string) {
    return (await this.budgets.list(tenantScope(caller, tenantId))).map(toStatus);
  }

  @Get(':id')
  async get(@CurrentCaller() caller: Caller, @Param('id') id: string) {
    const budget = await this.budgets.get(id);
    if (caller.kind === 'tenant' && caller.tenantId !== budget.tenantId) throw new PermissionDeniedError('A tenant key can only read its own tenant.');
    return toStatus(budget);
  }

  @Post()
  async create(@CurrentCaller() caller: Caller, @Body() body: unknown) {
    requireAdmin(caller);
    return toStatus(await this.budgets.create('admin-token', parseBody(createBudgetSchema, body)));
  }

  @Patch(':id')
  async update(@CurrentCaller() caller: Caller, @Param('id') id: string, @Body() body: unknown) {
    requireAdmin(caller);
    return toStatus(await this.budgets.update('admin-token', id, parseBody(updateBudgetSchema, body)));
  }

  @Delete(':id')
  async remove(@CurrentCaller() caller: Caller, @Param('id') id: string) {
    requireAdmin(caller);
    return toStatus(await this.budgets.remove('admin-token', id));
  }
}
