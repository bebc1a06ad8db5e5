// Cost of BudgetGate.reserve / settle (libs/budget/dist) against Redis 7 (one EVALSHA round trip each) and in memory.
// Sequential: latency per call (p50/p99, us). Concurrent: calls/s with --concurrency calls in flight on one connection.
// Usage: npm run build && node bench/metering-budget-reserve.mjs [--calls 20000] [--concurrency 64] [--redis redis://127.0.0.1:6379]
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { BudgetGate } from '@asc/budget';

const args = parseArgs({
  options: {
    calls: { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: '64' },
    redis: { type: 'string', default: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' },
  },
}).values;
const CALLS = Number(args.calls);
const prefix = `asc:budget:bench:${randomBytes(4).toString('hex')}:`;

function pct(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function run(name, gate) {
  // A budget large enough never to refuse, so every call does the full check-and-reserve.
  await gate.applyState({
    schemaVersion: 1, budgetId: 'b', tenantId: 'bench-tenant', keyId: null, scope: 'tenant', period: 'month',
    periodStart: '2026-01-01T00:00:00.000Z', limit: '1000000', spent: '0', currency: 'USD', state: 'ok', updatedAt: new Date().toISOString(),
  });
  for (let i = 0; i < 500; i++) (await gate.reserve({ tenantId: 'bench-tenant', keyId: 'k', estimatedCost: '0.001' })).reservation?.settle('0.0005');
  const reserveUs = [];
  const settleUs = [];
  for (let i = 0; i < CALLS; i++) {
    let t = process.hrtime.bigint();
    const outcome = await gate.reserve({ tenantId: 'bench-tenant', keyId: `k${i % 16}`, estimatedCost: '0.001' });
    reserveUs.push(Number(process.hrtime.bigint() - t) / 1000);
    t = process.hrtime.bigint();
    await outcome.reservation.settle('0.0004');
    settleUs.push(Number(process.hrtime.bigint() - t) / 1000);
  }
  reserveUs.sort((a, b) => a - b);
  settleUs.sort((a, b) => a - b);
  const concurrency = Number(args.concurrency);
  let next = 0;
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next++ < CALLS) {
      const outcome = await gate.reserve({ tenantId: 'bench-tenant', keyId: `k${next % 16}`, estimatedCost: '0.001' });
      await outcome.reservation.settle('0.0004');
    }
  }));
  const perSecond = CALLS / ((performance.now() - start) / 1000);
  console.log(`${name}: reserve p50 ${pct(reserveUs, 50).toFixed(0)} us, p99 ${pct(reserveUs, 99).toFixed(0)} us; settle p50 ${pct(settleUs, 50).toFixed(0)} us; `
    + `${Math.round(perSecond)} reserve+settle pairs/s with ${concurrency} in flight`);
}

await run('memory', BudgetGate.memory());
const redis = new Redis(args.redis);
try {
  await run('redis ', BudgetGate.redis(redis, { prefix }));
} finally {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
}
