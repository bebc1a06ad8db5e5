import { fits, stateKeyOf, type BudgetStateInput, type BudgetStore, type ReserveInput, type SettleInput, type StoreReserveResult, type StoredBudget } from './budget-store';

interface LiveReservation {
  amount: bigint;
  /** Budgets the amount was reserved on. */
  stateKeys: string[];
  expiresAtMs: number;
}

/**
 * In-process budget store, for a single gateway without Redis. Same rules as the Redis script; JavaScript runs each
 * method to completion without interleaving, so the check-and-reserve is atomic within the process.
 */
export class MemoryBudgetStore implements BudgetStore {
  private readonly budgets = new Map<string, StoredBudget>();
  private readonly reservations = new Map<string, LiveReservation>();
  /** Earliest expiry among live reservations: sweeps run only when something can have expired. */
  private nextExpiryMs = Number.POSITIVE_INFINITY;

  constructor(private readonly now: () => number = Date.now) {}

  async reserve(input: ReserveInput): Promise<StoreReserveResult> {
    this.expire();
    const applicable = this.applicable(input.tenantId, input.keyId);
    for (const budget of applicable) if (!fits(budget, input.amount)) return { ok: false, budget: { ...budget } };
    for (const budget of applicable) budget.reserved += input.amount;
    const expiresAtMs = this.now() + input.ttlMs;
    this.reservations.set(input.reservationId, { amount: input.amount, stateKeys: applicable.map((b) => b.stateKey), expiresAtMs });
    if (expiresAtMs < this.nextExpiryMs) this.nextExpiryMs = expiresAtMs;
    return { ok: true };
  }

  async settle(input: SettleInput): Promise<void> {
    this.expire();
    this.release(input.reservationId);
    for (const budget of this.applicable(input.tenantId, input.keyId)) budget.spent += input.actual;
  }

  async applyState(input: BudgetStateInput): Promise<void> {
    const stateKey = stateKeyOf(input.tenantId, input.keyId);
    const current = this.budgets.get(stateKey);
    if (!current) {
      this.budgets.set(stateKey, { stateKey, limit: input.limit, spent: input.spent, reserved: 0n, periodStartMs: input.periodStartMs, updatedAtMs: input.updatedAtMs });
      return;
    }
    if (input.updatedAtMs <= current.updatedAtMs) return;
    current.limit = input.limit;
    current.spent = input.periodStartMs > current.periodStartMs ? input.spent : input.spent > current.spent ? input.spent : current.spent;
    current.periodStartMs = Math.max(current.periodStartMs, input.periodStartMs);
    current.updatedAtMs = input.updatedAtMs;
  }

  async removeBudget(tenantId: string, keyId: string | null): Promise<void> {
    this.budgets.delete(stateKeyOf(tenantId, keyId));
  }

  async get(tenantId: string, keyId: string | null): Promise<StoredBudget | undefined> {
    this.expire();
    const budget = this.budgets.get(stateKeyOf(tenantId, keyId));
    return budget ? { ...budget } : undefined;
  }

  async close(): Promise<void> {}

  private applicable(tenantId: string, keyId: string): StoredBudget[] {
    const out: StoredBudget[] = [];
    const tenant = this.budgets.get(stateKeyOf(tenantId, null));
    const key = this.budgets.get(stateKeyOf(tenantId, keyId));
    if (tenant) out.push(tenant);
    if (key) out.push(key);
    return out;
  }

  private release(reservationId: string): void {
    const live = this.reservations.get(reservationId);
    if (!live) return;
    this.reservations.delete(reservationId);
    for (const stateKey of live.stateKeys) {
      const budget = this.budgets.get(stateKey);
      if (budget) budget.reserved -= live.amount;
    }
  }

  private expire(): void {
    const now = this.now();
    if (now < this.nextExpiryMs) return;
    let next = Number.POSITIVE_INFINITY;
    for (const [id, live] of this.reservations) {
      if (live.expiresAtMs <= now) this.release(id);
      else if (live.expiresAtMs < next) next = live.expiresAtMs;
    }
    this.nextExpiryMs = next;
  }
}
