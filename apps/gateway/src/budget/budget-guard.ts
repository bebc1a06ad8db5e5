import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';
import { Kafka, logLevel } from 'kafkajs';
import { QuotaExceededError } from '@asc/errors';
import { BudgetGate, consumeBudgetStates, type BudgetStateConsumer, type Reservation } from '@asc/budget';
import { kafkaConfigFromEnv } from '@asc/kafka';
import { Decimal, estimateCost, Pricer, SEED_PRICE_TABLES } from '@asc/pricing';
import type { RouteCandidate } from '../config-snapshot/snapshot';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway-config';
import type { RequestOutcome } from '../proxy/outcome';
import type { RequestContext } from '../proxy/request-context';

const DEFAULT_MAX_OUTPUT = 1024;

/**
 * Makes budget hard limits hold under concurrency: before a request is forwarded, its worst-case cost (prompt
 * estimate + max output tokens at list price, for the most expensive candidate) is reserved against the remaining
 * budget — atomically across gateway replicas when Redis is configured — and settled with the priced real usage
 * when it finishes, streamed or not; estimated usage (a cut stream) is settled from its estimate. Budgets and
 * spend come from metering's compacted `budget.state.v1` topic. Tenants without a budget cost a set lookup.
 */
@Injectable()
export class BudgetGuard implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Budget');
  private readonly pricer = new Pricer(SEED_PRICE_TABLES);
  readonly gate: BudgetGate;
  private consumer: BudgetStateConsumer | undefined;

  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {
    this.gate = config.REDIS_URL ? BudgetGate.redis(new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1 })) : BudgetGate.memory();
  }

  async onModuleInit(): Promise<void> {
    if (!this.config.ASC_EVENTS_ENABLED || this.config.KAFKA_BROKERS.length === 0) return;
    const kafka = new Kafka({ ...kafkaConfigFromEnv({ ...this.config.kafkaEnv, KAFKA_CLIENT_ID: 'asc-gateway-budget' }), logLevel: logLevel.NOTHING });
    // Budget state arriving late only delays enforcement; it must not keep the gateway from starting.
    consumeBudgetStates({ kafka, gate: this.gate, onError: (error) => this.logger.warn(`budget state: ${String(error)}`) }).then(
      (consumer) => (this.consumer = consumer),
      (error: unknown) => this.logger.warn(`budget state consumer did not start: ${String(error)}`),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
    await this.gate.close();
  }

  /** Reserves the request's worst-case cost, or refuses it with a 429 `insufficient_quota` in the caller's dialect. */
  async reserve(ctx: RequestContext, candidates: readonly RouteCandidate[], inputTokens: number): Promise<void> {
    if (!this.gate.hasBudget(ctx.principal.tenant.id, ctx.principal.keyId)) return;
    const maxOutput = Number(ctx.body.max_tokens ?? ctx.body.max_completion_tokens ?? DEFAULT_MAX_OUTPUT) || DEFAULT_MAX_OUTPUT;
    let estimated = Decimal.parse('0');
    for (const c of candidates) {
      const cost = estimateCost(this.pricer, { provider: c.target.provider, model: c.target.upstreamModel, inputTokens, maxOutputTokens: maxOutput });
      if (cost !== undefined && cost.cmp(estimated) > 0) estimated = cost;
    }
    const outcome = await this.gate.reserve({ tenantId: ctx.principal.tenant.id, keyId: ctx.principal.keyId, estimatedCost: estimated });
    if (!outcome.ok) {
      throw new QuotaExceededError({ message: `BUDGET_EXHAUSTED: the budget '${outcome.budget.stateKey}' is exhausted (limit ${outcome.budget.limit.toString()} USD, spent ${outcome.budget.spent.toString()}).` });
    }
    ctx.reservation = outcome.reservation;
  }

  /** Settles with the priced real usage (or its flagged estimate); releases when nothing was used. Never awaited. */
  settle(reservation: Reservation | undefined, outcome: RequestOutcome): void {
    if (reservation === undefined) return;
    const deployment = outcome.served ?? outcome.lastTried;
    const settled =
      deployment === undefined || outcome.usage === undefined
        ? reservation.release()
        : (() => {
            const priced = this.pricer.price({ provider: deployment.target.provider, model: deployment.target.upstreamModel, time: new Date(), usage: outcome.usage });
            return reservation.settle(priced.priced ? priced.cost : reservation.amount);
          })();
    settled.catch((error: unknown) => this.logger.warn(`budget settle failed: ${String(error)}`));
  }
}
