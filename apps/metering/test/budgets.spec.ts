import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRecordedV1, budgetStateV1, decodeEvent, type AuditRecordedV1, type BudgetStateV1 } from '@asc/contracts/events';
import { BudgetGate, consumeBudgetStates, type BudgetStateConsumer } from '@asc/budget';
import { BudgetsService } from '../src/budgets/budgets.service';
import { collectTopic, createHarness, usageEvent, waitFor, type Harness } from './harness';

interface BudgetStatus {
  id: string;
  tenantId: string;
  keyId: string | null;
  spent: string;
  remaining: string;
  state: string;
  hardLimit: string;
}

describe('budgets (HTTP API, budget.state.v1, audit budget.crossed)', () => {
  let h: Harness;
  let tenantId: string;
  let otherTenantId: string;
  let keyId: string;
  let tenantKey: string;
  let otherKey: string;
  let states: BudgetStateConsumer | undefined;
  const gate = BudgetGate.memory();

  beforeAll(async () => {
    h = await createHarness();
    const tenant = await h.store.createTenant({ actor: 'test', slug: 'acme', name: 'Acme' });
    const other = await h.store.createTenant({ actor: 'test', slug: 'globex', name: 'Globex' });
    tenantId = tenant.id;
    otherTenantId = other.id;
    const issued = await h.store.createApiKey({ actor: 'test', tenantId, name: 'ci' });
    keyId = issued.key.id;
    tenantKey = issued.secret;
    otherKey = (await h.store.createApiKey({ actor: 'test', tenantId: otherTenantId, name: 'x' })).secret;
    await h.startApp();
    states = await consumeBudgetStates({ kafka: h.kafka, gate });
  });
  afterAll(async () => {
    await states?.stop();
    await h?.close();
  });

  it('is managed with the admin token only; tenant keys read their own tenant', async () => {
    const created = await h.send<BudgetStatus>('POST', '/v1/budgets', { tenantId, period: 'month', amount: '0.0045', softThresholdPct: 50 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ tenantId, keyId: null, spent: '0', remaining: '0.0045', state: 'ok', hardLimit: '0.0045' });
    expect((await h.send('POST', '/v1/budgets', { tenantId, period: 'month', amount: '1' })).status).toBe(409);
    expect((await h.send('POST', '/v1/budgets', { tenantId, keyId, period: 'day', amount: '-1' })).status).toBe(400);
    expect((await h.send('POST', '/v1/budgets', { tenantId, keyId, period: 'day', amount: '1' }, tenantKey)).status).toBe(403);
    const keyBudget = await h.send<BudgetStatus>('POST', '/v1/budgets', { tenantId, keyId, period: 'day', amount: '5', hardLimit: '6' });
    expect(keyBudget.body).toMatchObject({ keyId, hardLimit: '6' });
    await h.send('POST', '/v1/budgets', { tenantId: otherTenantId, period: 'day', amount: '2' });

    const own = await h.get<BudgetStatus[]>('/v1/budgets', tenantKey);
    expect(own.body.map((b) => b.tenantId)).toEqual([tenantId, tenantId]);
    expect((await h.get(`/v1/budgets?tenantId=${otherTenantId}`, tenantKey)).status).toBe(403);
    expect((await h.get<BudgetStatus[]>('/v1/budgets')).body).toHaveLength(3);
    expect((await h.get(`/v1/budgets/${created.body.id}`, otherKey)).status).toBe(403);
    expect((await h.get('/v1/budgets', 'not-a-key')).status).toBe(401);
    expect((await h.get(`/v1/spend?from=2026-01-01&to=2027-01-01&tenantId=${otherTenantId}`, tenantKey)).status).toBe(403);
  });

  it('publishes budget state within seconds of the crossing usage, with an audit event per escalation; the gate then refuses', async () => {
    const audit = await collectTopic(h.kafka, auditRecordedV1.topic);
    const stateTopic = await collectTopic(h.kafka, budgetStateV1.topic);
    try {
      // 0.00045 per event: 5 events = 0.00225 = 50% (soft), 10 events = 0.0045 = 100% (hard).
      const started = Date.now();
      await h.publish(Array.from({ length: 5 }, () => usageEvent({ tenantId, keyId })));
      await waitFor(async () => (await gate.budget(tenantId))?.spent.toString() === '0.00225', 'soft state at the gate', 10_000);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect((await gate.reserve({ tenantId, keyId, estimatedCost: '0.001' })).ok).toBe(true);

      await h.publish(Array.from({ length: 5 }, () => usageEvent({ tenantId, keyId })));
      await waitFor(async () => (await gate.budget(tenantId))?.spent.toString() === '0.0045', 'hard state at the gate', 10_000);
      const refused = await gate.reserve({ tenantId, keyId, estimatedCost: '0.000001' });
      expect(refused).toMatchObject({ ok: false, reason: 'budget_exceeded' });

      const status = (await h.get<BudgetStatus[]>('/v1/budgets', tenantKey)).body.find((b) => b.keyId === null);
      expect(status).toMatchObject({ spent: '0.0045', remaining: '0', state: 'hard_exceeded' });

      await waitFor(() => audit.messages.filter((m) => m.value?.includes('budget.crossed')).length >= 2, 'crossing audits', 10_000);
      const crossings = audit.messages
        .map((m) => decodeEvent(auditRecordedV1, m.value))
        .flatMap((d) => (d.ok && d.event.kind === 'budget.crossed' ? [d.event] : [])) as AuditRecordedV1[];
      expect(crossings.map((c) => [c.tenantId, c.details['from'], c.details['to'], c.details['spent']])).toEqual([
        [tenantId, 'ok', 'soft_exceeded', '0.00225'],
        [tenantId, 'soft_exceeded', 'hard_exceeded', '0.0045'],
      ]);
      expect(audit.messages.filter((m) => m.value?.includes('"admin.change"')).length).toBe(3);

      const tenantStates = stateTopic.messages
        .filter((m) => m.key === tenantId)
        .map((m) => decodeEvent(budgetStateV1, m.value))
        .flatMap((d) => (d.ok ? [d.event] : [])) as BudgetStateV1[];
      expect(tenantStates.map((s) => s.state)).toEqual(expect.arrayContaining(['ok', 'soft_exceeded', 'hard_exceeded']));
      expect(tenantStates.at(-1)).toMatchObject({ limit: '0.0045', spent: '0.0045', state: 'hard_exceeded', scope: 'tenant', period: 'month' });
    } finally {
      await audit.stop();
      await stateTopic.stop();
    }
  });

  it('raising the limit re-opens the budget at the gate; deleting it sends a tombstone', async () => {
    const budget = (await h.get<BudgetStatus[]>(`/v1/budgets?tenantId=${tenantId}`)).body.find((b) => b.keyId === null)!;
    const raised = await h.send<BudgetStatus>('PATCH', `/v1/budgets/${budget.id}`, { amount: '1' });
    expect(raised.body).toMatchObject({ hardLimit: '1', state: 'ok', spent: '0.0045' });
    await waitFor(async () => (await gate.budget(tenantId))?.limit.toString() === '1', 'raised limit at the gate', 10_000);
    expect((await gate.reserve({ tenantId, keyId, estimatedCost: '0.5' })).ok).toBe(true);
    expect((await h.send('DELETE', `/v1/budgets/${budget.id}`, {})).status).toBe(200);
    await waitFor(async () => (await gate.budget(tenantId)) === undefined, 'budget removed at the gate', 10_000);
  });

  it('rolls a budget into its new period: spend restarts from that period\'s usage and the state is re-published', async () => {
    const created = await h.send<BudgetStatus>('POST', '/v1/budgets', { tenantId: otherTenantId, keyId: 'roll-key', period: 'day', amount: '0.001' });
    await h.publish(Array.from({ length: 3 }, () => usageEvent({ tenantId: otherTenantId, keyId: 'roll-key' })));
    await waitFor(async () => (await h.get<BudgetStatus>(`/v1/budgets/${created.body.id}`)).body.spent === '0.00135', 'spend counted', 10_000);
    expect((await h.get<BudgetStatus>(`/v1/budgets/${created.body.id}`)).body.state).toBe('hard_exceeded');
    // Pretend the budget was last seen yesterday with yesterday's (larger) spend.
    await h.pool.query(`UPDATE budgets SET period_start = period_start - interval '1 day', spent = 5, state = 'hard_exceeded' WHERE id = $1`, [created.body.id]);
    const rolled = await h.app!.get(BudgetsService).maintain(new Date());
    expect(rolled).toBeGreaterThanOrEqual(1);
    const after = (await h.get<BudgetStatus & { periodStart: string }>(`/v1/budgets/${created.body.id}`)).body;
    expect(after).toMatchObject({ spent: '0.00135', state: 'hard_exceeded', periodStart: `${new Date().toISOString().slice(0, 10)}T00:00:00.000Z` });
    await waitFor(async () => (await gate.budget(otherTenantId, 'roll-key'))?.periodStart === after.periodStart, 'rolled state at the gate', 10_000);
  });
});
