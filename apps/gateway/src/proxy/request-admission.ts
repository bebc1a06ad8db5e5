import { Injectable } from '@nestjs/common';
import { BudgetGuard } from '../budget/budget-guard';
import type { Operation, RouteCandidate } from '../config-snapshot/snapshot';
import { PolicyEnforcer } from '../policy/policy-enforcer';
import { promptTokens, textSlots } from '../policy/prompt-text';
import { resolveRoute } from '../routing/model-resolver';
import type { RoutingPolicy } from '../routing/routing-policy';
import { UsageRecorder } from '../usage/usage-recorder';
import { deniedOutcome } from './outcome';
import type { RequestContext } from './request-context';
import { elapsedMs } from './timing';

/**
 * Everything a request passes before anything is sent upstream, in order: the tenant's model → candidates and
 * routing policy, the policy decision (approval, residency, limits, guardrails), and the budget reservation.
 * A refusal is recorded (audited as a policy decision) and thrown in the caller's dialect.
 */
@Injectable()
export class RequestAdmission {
  constructor(
    private readonly policy: PolicyEnforcer,
    private readonly budget: BudgetGuard,
    private readonly usage: UsageRecorder,
  ) {}

  async admit(ctx: RequestContext, operation: Operation): Promise<{ candidates: readonly RouteCandidate[]; routing: RoutingPolicy }> {
    const route = resolveRoute(ctx.principal, ctx.model, operation);
    try {
      // The prompt's text is located once: policy scans and redacts it, the budget prices what is left.
      const prompt = textSlots(ctx.body);
      const { candidates } = await this.policy.enforce(ctx, operation, route.candidates, prompt);
      await this.budget.reserve(ctx, candidates, promptTokens(prompt));
      return { candidates, routing: route.policy };
    } catch (error) {
      this.usage.record(ctx, deniedOutcome({ error, streamed: ctx.body.stream === true, latencyMs: elapsedMs(ctx.startedAt) }));
      throw error;
    }
  }
}
