import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { BudgetStateV1 } from '@asc/contracts/events';
import { Decimal } from '@asc/pricing';
import { BudgetGate } from './index';

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const PERIOD = '2026-01-01T00:00:00.000Z';
const NEXT_PERIOD = '2026-02-01T00:00:00.000Z';

function state(over: Partial<BudgetStateV1> & Pick<BudgetStateV1, 'tenantId'>): BudgetStateV1 {
  const keyId = over.keyId ?? null;
  return {
    schemaVersion: 1, budgetId: 'b', keyId, scope: keyId === null ? 'tenant' : 'key', period: 'month', periodStart: PERIOD,
    limit: '10', spent: '0', currency: 'USD', state: 'ok', updatedAt: '2026-01-10T00:00:00.000Z', ...over,
  };
}

interface Harness {
  /** Two gates that must agree (two replicas); for memory both are the same instance. */
  gates: [BudgetGate, BudgetGate];
  sleepPastTtl: (ttlMs: number) => Promise<void>;
  close: () => Promise<void>;
}

const redisConnections: Redis[] = [];
const prefix = `asc:budget:test:${randomBytes(4).toString('hex')}:`;

const harnesses: Record<string, () => Harness> = {
  memory: () => {
    let now = 1_000_000;
    const gate = BudgetGate.memory({ now: () => now });
    return { gates: [gate, gate], sleepPastTtl: async (ttl) => void (now += ttl + 1), close: () => gate.close() };
  },
  redis: () => {
    const a = new Redis(REDIS_URL, { lazyConnect: false });
    const b = new Redis(REDIS_URL, { lazyConnect: false });
    redisConnections.push(a, b);
    return {
      gates: [BudgetGate.redis(a, { prefix }), BudgetGate.redis(b, { prefix })],
      sleepPastTtl: (ttl) => new Promise((r) => setTimeout(r, ttl + 30)),
      close: async () => undefined,
    };
  },
};

afterAll(async () => {
  const cleaner = redisConnections[0];
  if (cleaner) {
    let cursor = '0';
    do {
      const [next, keys] = await cleaner.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length > 0) await cleaner.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  }
  await Promise.all(redisConnections.map((c) => c.quit()));
});

describe.each(Object.keys(harnesses))('BudgetGate (%s store)', (kind) => {
  let h: Harness;
  let tenant: string;
  beforeEach(async () => {
    h = harnesses[kind]!();
    tenant = `t-${randomBytes(4).toString('hex')}`;
    return () => h.close();
  });

  it('admits requests of a tenant without a budget', async () => {
    const outcome = await h.gates[0].reserve({ tenantId: tenant, keyId: 'k', estimatedCost: '1000' });
    expect(outcome.ok).toBe(true);
    if (outcome.ok) await outcome.reservation.settle('999');
  });

  it('lets exactly 10 of 50 concurrent reservations through a budget that fits 10, across two gates', async () => {
    await h.gates[0].applyState(state({ tenantId: tenant, limit: '1.00' }));
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, (_, i) => h.gates[i % 2]!.reserve({ tenantId: tenant, keyId: `k${i % 3}`, estimatedCost: '0.10' })),
    );
    expect(outcomes.filter((o) => o.ok)).toHaveLength(10);
    const refused = outcomes.find((o) => !o.ok);
    expect(refused).toMatchObject({ ok: false, reason: 'budget_exceeded' });
    if (refused && !refused.ok) {
      expect(refused.budget.stateKey).toBe(tenant);
      expect(refused.budget.reserved.toString()).toBe('1');
      expect(refused.budget.remaining.toString()).toBe('0');
    }
  });

  it('settles with the real cost and releases the difference', async () => {
    await h.gates[0].applyState(state({ tenantId: tenant, limit: '3', spent: '0.5' }));
    const first = await h.gates[0].reserve({ tenantId: tenant, keyId: 'k', estimatedCost: '2' });
    expect(first.ok).toBe(true);
    expect((await h.gates[1].reserve({ tenantId: tenant, keyId: 'k', estimatedCost: '1' })).ok).toBe(false);
    if (first.ok) {
      await first.reservation.settle('0.000000401');
      await first.reservation.settle('5'); // idempotent
    }
    const view = await h.gates[1].budget(tenant);
    expect({ spent: view?.spent.toString(), reserved: view?.reserved.toString(), remaining: view?.remaining.toString() }).toEqual({
      spent: '0.500000401', reserved: '0', remaining: '2.499999599',
    });
    expect((await h.gates[1].reserve({ tenantId: tenant, keyId: 'k', estimatedCost: '2.4' })).ok).toBe(true);
  });

  it('checks the key budget and the tenant budget, each on its own', async () => {
    await h.gates[0].applyState(state({ tenantId: tenant, limit: '10' }));
    await h.gates[0].applyState(state({ tenantId: tenant, keyId: 'small', limit: '1' }));
    const a = await h.gates[0].reserve({ tenantId: tenant, keyId: 'small', estimatedCost: '1' });
    const b = await h.gates[1].reserve({ tenantId: tenant, keyId: 'small', estimatedCost: '0.01' });
    const c = await h.gates[1].reserve({ tenantId: tenant, keyId: 'other', estimatedCost: '9' });
    expect([a.ok, b.ok, c.ok]).toEqual([true, false, true]);
    if (!b.ok) expect(b.budget.stateKey).toBe(`${tenant}/small`);
    expect((await h.gates[0].budget(tenant))?.reserved.toString()).toBe('10');
    // Releasing without spend frees both budgets.
    if (a.ok) await a.reservation.release();
    expect((await h.gates[0].budget(tenant))?.reserved.toString()).toBe('9');
    expect((await h.gates[0].budget(tenant, 'small'))?.reserved.toString()).toBe('0');
  });

  it('refuses once spend reached the limit, even for a zero estimate', async () => {
    await h.gates[0].applyState(state({ tenantId: tenant, limit: '1', spent: '1', state: 'hard_exceeded' }));
    expect((await h.gates[0].reserve({ tenantId: tenant, keyId: 'k', estimatedCost: '0' })).ok).toBe(false);
  });

  it('expires reservations that are never settled (crashed replica)', async () => {
    await h.gates[0].applyState(state({ tenantId: tenant, limit: '1' }));
    expect((await h.gates[0].reserve({ tenantId: tenant, keyId: 'k', estimatedCost: '1', ttlMs: 100 })).ok).toBe(true);
    expect((await h.gates[1].reserve({ tenantId: tenant, keyId: 'k', estimatedCost: '1' })).ok).toBe(false);
    await h.sleepPastTtl(100);
    expect((await h.gates[1].reserve({ tenantId: tenant, keyId: 'k', estimatedCost: '1' })).ok).toBe(true);
  });

  it('applies metering state: stale records ignored, spend never goes down within a period, a new period resets it', async () => {
    const gate = h.gates[0];
    await gate.applyState(state({ tenantId: tenant, limit: '10', spent: '4', updatedAt: '2026-01-10T00:00:00.000Z' }));
    await gate.applyState(state({ tenantId: tenant, limit: '10', spent: '9', updatedAt: '2026-01-09T00:00:00.000Z' }));
    expect((await gate.budget(tenant))?.spent.toString()).toBe('4');
    const r = await gate.reserve({ tenantId: tenant, keyId: 'k', estimatedCost: '1' });
    if (r.ok) await r.reservation.settle('1.5'); // settled here, not yet seen by metering
    await gate.applyState(state({ tenantId: tenant, limit: '12', spent: '4.2', updatedAt: '2026-01-11T00:00:00.000Z' }));
    expect({ spent: (await gate.budget(tenant))?.spent.toString(), limit: (await gate.budget(tenant))?.limit.toString() }).toEqual({ spent: '5.5', limit: '12' });
    await gate.applyState(state({ tenantId: tenant, limit: '12', spent: '0.25', periodStart: NEXT_PERIOD, updatedAt: '2026-02-01T00:00:01.000Z' }));
    expect(await gate.budget(tenant)).toMatchObject({ periodStart: NEXT_PERIOD });
    expect((await gate.budget(tenant))?.spent.toString()).toBe('0.25');
  });

  it('forgets a deleted budget (tombstone)', async () => {
    await h.gates[0].applyState(state({ tenantId: tenant, keyId: 'k', limit: '0.000000001', spent: '1' }));
    expect((await h.gates[0].reserve({ tenantId: tenant, keyId: 'k', estimatedCost: '1' })).ok).toBe(false);
    await h.gates[1].removeBudget(`${tenant}/k`);
    expect(await h.gates[0].budget(tenant, 'k')).toBeUndefined();
    expect((await h.gates[0].reserve({ tenantId: tenant, keyId: 'k', estimatedCost: '1' })).ok).toBe(true);
  });

  it('rounds estimates up to nano-units so a reservation never under-counts', async () => {
    await h.gates[0].applyState(state({ tenantId: tenant, limit: '0.000000002' }));
    const a = await h.gates[0].reserve({ tenantId: tenant, keyId: 'k', estimatedCost: Decimal.parse('0.0000000011') });
    expect(a.ok && a.reservation.amount.toString()).toBe('0.000000002');
    expect((await h.gates[0].reserve({ tenantId: tenant, keyId: 'k', estimatedCost: '0.0000000001' })).ok).toBe(false);
  });
});
