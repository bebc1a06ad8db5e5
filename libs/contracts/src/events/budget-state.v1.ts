import { z } from 'zod';
import { defineEventContract } from './contract';
import { decimalStringSchema, tenantIdSchema, timestampSchema } from './common';

/**
 * budget.state.v1: the current state of one budget, metering -> gateway/policy. Topic `asc.budget.state.v1` is
 * compacted: the key is the tenant id (tenant budgets) or `tenantId/keyId` (key budgets), so the latest record per
 * key is the state; a reader that starts from the beginning rebuilds every budget's state.
 */
export const budgetStateSchemaV1 = z
  .object({
    schemaVersion: z.literal(1),
    budgetId: z.string().min(1),
    tenantId: tenantIdSchema,
    /** Set exactly when scope is `key`. */
    keyId: z.string().min(1).nullable(),
    scope: z.enum(['tenant', 'key']),
    period: z.enum(['day', 'week', 'month', 'total']),
    periodStart: timestampSchema,
    limit: decimalStringSchema,
    spent: decimalStringSchema,
    currency: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code'),
    state: z.enum(['ok', 'soft_exceeded', 'hard_exceeded']),
    updatedAt: timestampSchema,
  })
  .refine((b) => (b.scope === 'key') === (b.keyId !== null), { message: 'keyId is required for scope key only', path: ['keyId'] });

export type BudgetStateV1 = z.output<typeof budgetStateSchemaV1>;

export function budgetStateKey(budget: Pick<BudgetStateV1, 'tenantId' | 'keyId'>): string {
  return budget.keyId === null ? budget.tenantId : `${budget.tenantId}/${budget.keyId}`;
}

export const budgetStateV1 = defineEventContract({
  name: 'budget.state.v1',
  version: 1,
  topic: 'asc.budget.state.v1',
  contentType: 'application/json',
  schema: budgetStateSchemaV1,
  key: budgetStateKey,
  fixture: {
    schemaVersion: 1,
    budgetId: 'budget-acme-monthly',
    tenantId: 'tenant-acme',
    keyId: null,
    scope: 'tenant',
    period: 'month',
    periodStart: '2025-01-01T00:00:00.000Z',
    limit: '500.00',
    spent: '412.37',
    currency: 'USD',
    state: 'soft_exceeded',
    updatedAt: '2025-01-01T12:00:00.000Z',
  },
});
