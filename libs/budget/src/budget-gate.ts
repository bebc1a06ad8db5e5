import { randomUUID } from 'node:crypto';
import type { BudgetStateV1 } from '@asc/contracts/events';
import { Decimal } from '@asc/pricing';
import { MONEY_SCALE, stateKeyOf, type BudgetStore, type StoredBudget } from './budget-store';
import { MemoryBudgetStore } from './memory-budget-store';
import { RedisBudgetStore, type RedisBudgetStoreOptions } from './redis-budget-store';
import type { Redis } from 'ioredis';

/**
 * Hard budget limits that hold under concurrency. Before forwarding a request the gateway reserves its estimated
 * cost against the remaining budget (tenant and key budgets, whichever exist) in one atomic step shared by every
 * replica; after the response (streamed or not) it settles the reservation with the real cost. A reservation that
 * is never settled (crashed replica) expires after its TTL and stops counting.
 *
 * Budgets come from metering's compacted `budget.state.v1` topic (`applyState`, or `consumeBudgetStates`); a request
 * of a tenant/key with no known budget is admitted (and its reservation costs nothing to keep).
 */
export interface BudgetView {
  stateKey: string;
  limit: Decimal;
  spent: Decimal;
  reserved: Decimal;
  remaining: Decimal;
  periodStart: string;
}

export interface ReserveRequest {
  tenantId: string;
  keyId: string;
  /** Upper estimate of the request's cost (prompt tokens + max output tokens at list price). */
  estimatedCost: Decimal | string;
  /** Default: the gate's `reservationTtlMs`. Longer than the longest request you allow. */
  ttlMs?: number;
}

export interface Reservation {
  readonly id: string;
  readonly amount: Decimal;
  /** Releases the reservation and records the real cost. Idempotent: later calls do nothing. */
  settle(actualCost: Decimal | string): Promise<void>;
  /** The request never reached a provider: release without spend (same as `settle(0)`). */
  release(): Promise<void>;
}

export type ReserveOutcome =
  | { ok: true; reservation: Reservation }
  | { ok: false; reason: 'budget_exceeded'; budget: BudgetView };

export interface BudgetGateOptions {
  /** Default 10 minutes. */
  reservationTtlMs?: number;
}

export class BudgetGate {
  private readonly ttlMs: number;
  /** State keys of the budgets applied through this gate: lets callers skip tenants without one at no cost. */
  private readonly applied = new Set<string>();

  constructor(
    readonly store: BudgetStore,
    options: BudgetGateOptions = {},
  ) {
    this.ttlMs = options.reservationTtlMs ?? 10 * 60_000;
  }

  static memory(options: BudgetGateOptions & { now?: () => number } = {}): BudgetGate {
    return new BudgetGate(new MemoryBudgetStore(options.now), options);
  }

  static redis(redis: Redis, options: BudgetGateOptions & RedisBudgetStoreOptions = {}): BudgetGate {
    return new BudgetGate(new RedisBudgetStore(redis, options), options);
  }

  async reserve(request: ReserveRequest): Promise<ReserveOutcome> {
    const estimate = typeof request.estimatedCost === 'string' ? Decimal.parse(request.estimatedCost) : request.estimatedCost;
    if (estimate.isNegative()) throw new Error('estimatedCost must not be negative');
    // Rounded up to nano-units: a reservation never under-counts.
    const amount = estimate.toUnitsCeil(MONEY_SCALE);
    const id = randomUUID();
    const { tenantId, keyId } = request;
    const result = await this.store.reserve({ tenantId, keyId, reservationId: id, amount, ttlMs: request.ttlMs ?? this.ttlMs });
    if (!result.ok) return { ok: false, reason: 'budget_exceeded', budget: toView(result.budget) };
    let done = false;
    const settle = async (actual: Decimal | string): Promise<void> => {
      if (done) return;
      done = true;
      const cost = typeof actual === 'string' ? Decimal.parse(actual) : actual;
      await this.store.settle({ tenantId, keyId, reservationId: id, actual: cost.toUnitsCeil(MONEY_SCALE) });
    };
    return { ok: true, reservation: { id, amount: Decimal.fromUnits(amount, MONEY_SCALE), settle, release: () => settle(Decimal.ZERO) } };
  }

  /** Applies one `budget.state.v1` record (older `updatedAt` than what is held is ignored). */
  async applyState(state: BudgetStateV1): Promise<void> {
    this.applied.add(stateKeyOf(state.tenantId, state.keyId));
    await this.store.applyState({
      tenantId: state.tenantId,
      keyId: state.keyId,
      limit: Decimal.parse(state.limit).toUnitsCeil(MONEY_SCALE),
      spent: Decimal.parse(state.spent).toUnitsCeil(MONEY_SCALE),
      periodStartMs: Date.parse(state.periodStart),
      updatedAtMs: Date.parse(state.updatedAt),
    });
  }

  /** A tombstone on the compacted topic: the budget was deleted. `stateKey` = `tenantId` or `tenantId/keyId`. */
  async removeBudget(stateKey: string): Promise<void> {
    this.applied.delete(stateKey);
    const slash = stateKey.indexOf('/');
    await this.store.removeBudget(slash < 0 ? stateKey : stateKey.slice(0, slash), slash < 0 ? null : stateKey.slice(slash + 1));
  }

  /**
   * Whether a budget of the tenant or of the key was applied through this gate. A gateway replica applies the whole
   * compacted budget topic, so false means no budget applies and the request needs no reservation (no estimate,
   * no Redis round trip).
   */
  hasBudget(tenantId: string, keyId: string): boolean {
    return this.applied.size > 0 && (this.applied.has(stateKeyOf(tenantId, null)) || this.applied.has(stateKeyOf(tenantId, keyId)));
  }

  async budget(tenantId: string, keyId: string | null = null): Promise<BudgetView | undefined> {
    const stored = await this.store.get(tenantId, keyId);
    return stored ? toView(stored) : undefined;
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

export { stateKeyOf };

function toView(budget: StoredBudget): BudgetView {
  const money = (units: bigint) => Decimal.fromUnits(units, MONEY_SCALE);
  const remaining = budget.limit - budget.spent - budget.reserved;
  return {
    stateKey: budget.stateKey,
    limit: money(budget.limit),
    spent: money(budget.spent),
    reserved: money(budget.reserved),
    remaining: money(remaining > 0n ? remaining : 0n),
    periodStart: new Date(budget.periodStartMs).toISOString(),
  };
}
