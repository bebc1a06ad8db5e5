import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { PolicyDeniedError, QuotaExceededError, RateLimitedError } from '@asc/errors';
import { CompiledGuardrails, decide, MemoryRateLimiter, PII_KINDS, rateLimitHeaders, type Decision, type PiiKind, type RateLimiter } from '@asc/policy';
import { RedisRateLimiter } from '@asc/policy/redis';
import { PolicyWatcher } from '@asc/policy/watch';
import type { Operation, RouteCandidate } from '../config-snapshot/snapshot';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway-config';
import type { RequestContext } from '../proxy/request-context';
import { estimateTokens, type TextSlot } from './prompt-text';
import { RemotePolicyClient } from './remote-policy-client';

export interface PolicyVerdict {
  /** The route candidates the decision allows, in the decision's order (residency and approval applied). */
  candidates: readonly RouteCandidate[];
  decision: Decision | undefined;
}

/**
 * Enforces the policy service's decisions in the request path. Two modes (`ASC_POLICY_DECISIONS`):
 * - `local` (default): evaluated in-process from the snapshot the service streams (`Watch`), so no request waits on
 *   a network call for policy — except the shared rate-limit counter (Redis) when one is configured, which is what
 *   makes a limit hold across gateway replicas.
 * - `remote`: one `Check` call to the policy service per request (one central decision point, traced end to end);
 *   if the service cannot answer, the request is refused with 503 (fail closed).
 *
 * Per request: decide (approval, residency, limits, budgets, guardrails), redact or block PII in place, clamp
 * max tokens, keep only the deployments the decision allows. Without `ASC_POLICY_ADDRESS` nothing is enforced
 * beyond the tenant's model list.
 */
@Injectable()
export class PolicyEnforcer implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Policy');
  private watcher: PolicyWatcher | undefined;
  private limiter: RateLimiter | undefined;
  private remote: RemotePolicyClient | undefined;
  private readonly redactors = new Map<string, CompiledGuardrails>();

  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {}

  get enabled(): boolean {
    return this.watcher !== undefined || this.remote !== undefined;
  }

  async onModuleInit(): Promise<void> {
    const address = this.config.ASC_POLICY_ADDRESS;
    if (!address) return;
    if (this.config.ASC_POLICY_DECISIONS === 'remote') {
      this.remote = new RemotePolicyClient(address, this.config.ASC_POLICY_CHECK_TIMEOUT_MS);
      return;
    }
    this.limiter = this.config.REDIS_URL
      ? new RedisRateLimiter({ redis: this.config.REDIS_URL, reportError: (error) => this.logger.warn(`rate limiter: ${error.message}`) })
      : new MemoryRateLimiter();
    this.watcher = await PolicyWatcher.start({ address, onError: (error) => this.logger.warn(`policy watch: ${error.message}`) });
  }

  async onApplicationShutdown(): Promise<void> {
    this.remote?.close();
    await this.watcher?.close();
    await (this.limiter as { close?: () => Promise<void> } | undefined)?.close?.();
  }

  async enforce(ctx: RequestContext, operation: Operation, candidates: readonly RouteCandidate[], slots: readonly TextSlot[]): Promise<PolicyVerdict> {
    if (this.remote !== undefined) return this.enforceRemote(this.remote, ctx, operation, candidates, slots);
    if (this.watcher === undefined || this.limiter === undefined) return { candidates, decision: undefined };
    const snapshot = this.watcher.current;
    const decision = await decide(
      snapshot,
      { tenant: ctx.principal.tenant.id, keyId: ctx.principal.keyId, model: ctx.model, operation, estimatedTokens: estimateTokens(slots, ctx.body.max_tokens ?? ctx.body.max_completion_tokens) },
      this.limiter,
    );
    return this.apply(ctx, decision, candidates, slots, snapshot.view(ctx.principal.tenant.id, ctx.principal.keyId)?.guardrails);
  }

  /** The service runs the guardrails on the prompt (blocking); the redactions it obliges are applied here, per text slot. */
  private async enforceRemote(remote: RemotePolicyClient, ctx: RequestContext, operation: Operation, candidates: readonly RouteCandidate[], slots: readonly TextSlot[]): Promise<PolicyVerdict> {
    const decision = await remote.check(
      {
        tenant: ctx.principal.tenant.id,
        keyId: ctx.principal.keyId,
        model: ctx.model,
        operation,
        estimatedTokens: estimateTokens(slots, ctx.body.max_tokens ?? ctx.body.max_completion_tokens),
        prompt: slots.map((slot) => slot.read()).join('\n'),
        requestId: ctx.requestId,
      },
      ctx.trace.context,
    );
    return this.apply(ctx, decision, candidates, slots, this.redactorFor(decision.obligations.redactions));
  }

  private apply(ctx: RequestContext, decision: Decision, candidates: readonly RouteCandidate[], slots: readonly TextSlot[], guardrails: CompiledGuardrails | undefined): PolicyVerdict {
    const headers = rateLimitHeaders(decision);
    for (const name in headers) ctx.res.setHeader(name, headers[name]!);
    ctx.policy = decision;
    if (!decision.allowed) throw denial(decision, headers);

    if (guardrails !== undefined) {
      for (const slot of slots) {
        const result = guardrails.scan(slot.read());
        if (result.blocked) {
          const code = result.blocked.code;
          decision.allowed = false;
          decision.reasons.push({ code, message: code === 'PII_BLOCKED' ? `The request contains ${result.blocked.kind} data, which this tenant's policy blocks.` : 'The request contains a blocked term.' });
          throw denial(decision, headers);
        }
        if (result.text !== null) slot.write(result.text);
      }
    }
    const maxTokens = decision.obligations.maxTokens;
    if (maxTokens > 0) clampMaxTokens(ctx.body, maxTokens);

    const kept = allowedCandidates(candidates, decision.candidates);
    if (kept.length === 0) {
      decision.allowed = false;
      decision.reasons.push({ code: 'REGION_NOT_ALLOWED', message: `No deployment of '${ctx.model}' satisfies this tenant's policy.` });
      throw denial(decision, headers);
    }
    return { candidates: kept, decision };
  }

  /** Guardrails that only redact the given PII kinds; compiled once per distinct set. */
  private redactorFor(kinds: readonly string[]): CompiledGuardrails | undefined {
    if (kinds.length === 0) return undefined;
    const key = kinds.join(',');
    let redactor = this.redactors.get(key);
    if (redactor === undefined) {
      const pii = Object.fromEntries(PII_KINDS.map((kind) => [kind, kinds.includes(kind) ? 'redact' : 'off'])) as Record<PiiKind, 'redact' | 'off'>;
      redactor = new CompiledGuardrails({ pii, blockedTerms: [] });
      this.redactors.set(key, redactor);
    }
    return redactor;
  }
}

/** The route candidates the decision names, in the decision's order (both lists are short: a linear scan, no Map). */
function allowedCandidates(candidates: readonly RouteCandidate[], allowed: Decision['candidates']): RouteCandidate[] {
  const kept: RouteCandidate[] = [];
  for (const a of allowed) {
    for (const c of candidates) {
      if (c.deploymentId === a.deploymentId) {
        kept.push(c);
        break;
      }
    }
  }
  return kept;
}

function clampMaxTokens(body: Record<string, unknown>, max: number): void {
  for (const field of ['max_tokens', 'max_completion_tokens']) {
    const value = body[field];
    if (typeof value === 'number' && value > max) body[field] = max;
  }
  if (body.max_tokens === undefined && body.max_completion_tokens === undefined) body.max_tokens = max;
}

function denial(decision: Decision, headers: Record<string, string>): Error {
  const reasons = decision.reasons.map((r) => r.code);
  const message = decision.reasons.map((r) => `${r.code}: ${r.message}`).join('; ') || 'Denied by policy.';
  if (reasons.includes('RATE_LIMITED')) return new RateLimitedError({ message, headers });
  if (reasons.includes('BUDGET_EXHAUSTED')) return new QuotaExceededError({ message, headers });
  return new PolicyDeniedError({ message, reasons, headers });
}
