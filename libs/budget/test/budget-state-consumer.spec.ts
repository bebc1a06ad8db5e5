import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, type RunningBroker } from '@asc/dev-broker';
import { TOPICS, budgetStateV1, encodeEvent, type BudgetStateV1 } from '@asc/contracts/events';
import { ensureTopics } from '@asc/kafka';
import { BudgetGate, consumeBudgetStates, type BudgetStateConsumer } from '../src';

async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('consumeBudgetStates (dev broker)', () => {
  let dir: string;
  let broker: RunningBroker;
  let kafka: Kafka;
  let consumer: BudgetStateConsumer | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'asc-budget-'));
    broker = await startBroker({ port: 0, dataDir: dir });
    kafka = new Kafka({ clientId: 'budget-test', brokers: [broker.brokers], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, TOPICS.filter((t) => t.name === budgetStateV1.topic), { replicationFactor: 1 });
    await admin.disconnect();
  });
  afterAll(async () => {
    await consumer?.stop();
    await broker?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('rebuilds every budget from the compacted topic, applies later states and tombstones', async () => {
    const producer = kafka.producer();
    await producer.connect();
    const send = async (states: Array<BudgetStateV1 | { key: string; tombstone: true }>) => {
      await producer.send({
        topic: budgetStateV1.topic,
        messages: states.map((s) => {
          if ('tombstone' in s) return { key: s.key, value: null };
          const e = encodeEvent(budgetStateV1, s);
          return { key: e.key, value: e.value, headers: e.headers };
        }),
      });
    };
    const base = budgetStateV1.fixture;
    await send([
      { ...base, tenantId: 't1', limit: '5', spent: '1', updatedAt: '2026-01-01T00:00:00.000Z' },
      { ...base, tenantId: 't1', keyId: 'k1', scope: 'key', limit: '2', spent: '2', state: 'hard_exceeded', updatedAt: '2026-01-01T00:00:00.000Z' },
      { ...base, tenantId: 't2', limit: '7', spent: '0', updatedAt: '2026-01-01T00:00:00.000Z' },
    ]);
    const gate = BudgetGate.memory();
    const applied: string[] = [];
    consumer = await consumeBudgetStates({ kafka, gate, onApplied: (key) => applied.push(key) });
    await waitFor(async () => applied.length >= 3, 'initial states');
    expect((await gate.reserve({ tenantId: 't1', keyId: 'k1', estimatedCost: '0.01' })).ok).toBe(false);
    expect((await gate.reserve({ tenantId: 't1', keyId: 'k2', estimatedCost: '4' })).ok).toBe(true);
    expect((await gate.budget('t2'))?.limit.toString()).toBe('7');

    await send([{ key: 't1/k1', tombstone: true }, { ...base, tenantId: 't2', limit: '9', spent: '3', updatedAt: '2026-01-02T00:00:00.000Z' }]);
    await waitFor(async () => applied.length >= 5, 'updates');
    expect(await gate.budget('t1', 'k1')).toBeUndefined();
    expect((await gate.budget('t2'))?.spent.toString()).toBe('3');
    await producer.disconnect();
  });
});
