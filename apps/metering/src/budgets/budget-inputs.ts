import { z } from 'zod';
import { decimalStringSchema } from '@asc/contracts/events';
import { InvalidRequestError } from '@asc/errors';
import { BUDGET_PERIODS } from './budget-rules';

const positiveDecimal = decimalStringSchema.refine((v) => !v.startsWith('-') && /[1-9]/.test(v), 'must be a positive decimal string');

export const createBudgetSchema = z.object({
  tenantId: z.string().min(1),
  /** Omit (or null) for a tenant-wide budget. */
  keyId: z.string().min(1).nullable().optional(),
  period: z.enum(BUDGET_PERIODS),
  amount: positiveDecimal,
  softThresholdPct: z.int().min(1).max(100).default(80),
  /** Spend at which requests are refused; default `amount`. */
  hardLimit: positiveDecimal.optional(),
  currency: z.literal('USD').default('USD'),
});
export type CreateBudgetInput = z.output<typeof createBudgetSchema>;

export const updateBudgetSchema = z
  .object({ period: z.enum(BUDGET_PERIODS), amount: positiveDecimal, softThresholdPct: z.int().min(1).max(100), hardLimit: positiveDecimal })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'nothing to update');
export type UpdateBudgetInput = z.output<typeof updateBudgetSchema>;

export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new InvalidRequestError({ message: `${issue.path.join('.') || 'body'}: ${issue.message}`, ...(issue.path.length > 0 ? { param: issue.path.join('.') } : {}) });
}
