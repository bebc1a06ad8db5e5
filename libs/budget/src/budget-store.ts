/**
 * Where budget counters live: Redis (shared by every gateway replica) or process memory (a single gateway without
 * Redis). Amounts are integer nano-units of the budget currency (10^-9), so Redis can add them with HINCRBY and
 * compare them exactly in Lua (doubles are exact up to 2^53 nano-units, about 9 million per budget).
 *
 * A budget is identified by its `budget.state.v1` key: the tenant id, or `tenantId/keyId`. A request is checked
 * against its tenant's budget and its key's budget, whichever exist.
 */
export const MONEY_SCALE = 9;

export interface StoredBudget {
  stateKey: string;
  limit: bigint;
  /** Settled spend of the current period: metering's figure, raised by costs settled here since. */
  spent: bigint;
  /** Sum of live (unsettled, unexpired) reservations. */
  reserved: bigint;
  periodStartMs: number;
  updatedAtMs: number;
}

export interface ReserveInput {
  tenantId: string;
  keyId: string;
  reservationId: string;
  amount: bigint;
  ttlMs: number;
}

export type StoreReserveResult = { ok: true } | { ok: false; budget: StoredBudget };

export interface SettleInput {
  tenantId: string;
  keyId: string;
  reservationId: string;
  actual: bigint;
}

export interface BudgetStateInput {
  tenantId: string;
  keyId: string | null;
  limit: bigint;
  spent: bigint;
  periodStartMs: number;
  updatedAtMs: number;
}

export interface BudgetStore {
  /** Atomically: drop expired reservations, check every applicable budget, and if all fit, reserve on each. */
  reserve(input: ReserveInput): Promise<StoreReserveResult>;
  /** Ends a reservation (if still live) and adds the actual cost to every applicable budget's spend. */
  settle(input: SettleInput): Promise<void>;
  /** Applies metering's state: newer `updatedAt` only; a new period resets spend, otherwise spend never decreases. */
  applyState(input: BudgetStateInput): Promise<void>;
  removeBudget(tenantId: string, keyId: string | null): Promise<void>;
  get(tenantId: string, keyId: string | null): Promise<StoredBudget | undefined>;
  close(): Promise<void>;
}

export function stateKeyOf(tenantId: string, keyId: string | null): string {
  return keyId === null ? tenantId : `${tenantId}/${keyId}`;
}

/** Admit iff nothing is over already and the new amount still fits under the limit. */
export function fits(budget: Pick<StoredBudget, 'limit' | 'spent' | 'reserved'>, amount: bigint): boolean {
  const committed = budget.spent + budget.reserved;
  return committed < budget.limit && committed + amount <= budget.limit;
}
