import type { Redis } from 'ioredis';
import { stateKeyOf, type BudgetStateInput, type BudgetStore, type ReserveInput, type SettleInput, type StoreReserveResult, type StoredBudget } from './budget-store';
import { APPLY_STATE_LUA, RESERVE_LUA, SETTLE_LUA } from './redis-scripts';

type ScriptReply = Array<string | number>;

/** The custom commands `defineCommand` adds (EVALSHA, falling back to EVAL once per connection). */
interface BudgetCommands {
  ascBudgetReserve(k1: string, k2: string, k3: string, k4: string, id: string, amount: string, ttlMs: string): Promise<ScriptReply>;
  ascBudgetSettle(k1: string, k2: string, k3: string, k4: string, id: string, actual: string): Promise<number>;
  ascBudgetApply(k1: string, limit: string, spent: string, periodStart: string, updatedAt: string): Promise<number>;
}

export interface RedisBudgetStoreOptions {
  /** Key prefix; default `asc:budget:`. */
  prefix?: string;
  /** Close the connection on `close()`; default false (the caller owns it). */
  ownsConnection?: boolean;
}

/** Budget store shared by gateway replicas: every operation is one Lua script call, i.e. one round trip. */
export class RedisBudgetStore implements BudgetStore {
  private readonly redis: Redis & BudgetCommands;
  private readonly prefix: string;

  constructor(redis: Redis, private readonly options: RedisBudgetStoreOptions = {}) {
    this.prefix = options.prefix ?? 'asc:budget:';
    redis.defineCommand('ascBudgetReserve', { numberOfKeys: 4, lua: RESERVE_LUA });
    redis.defineCommand('ascBudgetSettle', { numberOfKeys: 4, lua: SETTLE_LUA });
    redis.defineCommand('ascBudgetApply', { numberOfKeys: 1, lua: APPLY_STATE_LUA });
    this.redis = redis as Redis & BudgetCommands;
  }

  async reserve(input: ReserveInput): Promise<StoreReserveResult> {
    const [t, k, rz, rh] = this.keys(input.tenantId, input.keyId);
    const reply = await this.redis.ascBudgetReserve(t, k, rz, rh, input.reservationId, input.amount.toString(), String(input.ttlMs));
    if (reply[0] === 1) return { ok: true };
    const stateKey = reply[1] === t ? stateKeyOf(input.tenantId, null) : stateKeyOf(input.tenantId, input.keyId);
    return { ok: false, budget: toBudget(stateKey, reply.slice(2).map(String)) };
  }

  async settle(input: SettleInput): Promise<void> {
    const [t, k, rz, rh] = this.keys(input.tenantId, input.keyId);
    await this.redis.ascBudgetSettle(t, k, rz, rh, input.reservationId, input.actual.toString());
  }

  async applyState(input: BudgetStateInput): Promise<void> {
    await this.redis.ascBudgetApply(this.budgetKey(input.tenantId, input.keyId), input.limit.toString(), input.spent.toString(), String(input.periodStartMs), String(input.updatedAtMs));
  }

  async removeBudget(tenantId: string, keyId: string | null): Promise<void> {
    await this.redis.del(this.budgetKey(tenantId, keyId));
  }

  async get(tenantId: string, keyId: string | null): Promise<StoredBudget | undefined> {
    const fields = await this.redis.hmget(this.budgetKey(tenantId, keyId), 'limit', 'spent', 'reserved', 'periodStart', 'updatedAt');
    if (fields[0] === null) return undefined;
    return toBudget(stateKeyOf(tenantId, keyId), fields.map((f) => f ?? '0'));
  }

  async close(): Promise<void> {
    if (this.options.ownsConnection) await this.redis.quit();
  }

  private budgetKey(tenantId: string, keyId: string | null): string {
    return keyId === null ? `${this.prefix}{${tenantId}}:b:t` : `${this.prefix}{${tenantId}}:b:k:${keyId}`;
  }

  private keys(tenantId: string, keyId: string): [string, string, string, string] {
    return [this.budgetKey(tenantId, null), this.budgetKey(tenantId, keyId), `${this.prefix}{${tenantId}}:rz`, `${this.prefix}{${tenantId}}:rh`];
  }
}

function toBudget(stateKey: string, [limit, spent, reserved, periodStart, updatedAt]: string[]): StoredBudget {
  return {
    stateKey,
    limit: BigInt(limit ?? '0'),
    spent: BigInt(spent ?? '0'),
    reserved: BigInt(reserved ?? '0'),
    periodStartMs: Number(periodStart ?? 0),
    updatedAtMs: Number(updatedAt ?? 0),
  };
}
