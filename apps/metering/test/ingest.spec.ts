import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeEvent, meteringRecordV1, type UsageRecordedV1 } from '@asc/contracts/events';
import { Decimal } from '@asc/pricing';
import { collectTopic, createHarness, usageEvent, waitFor, type Harness } from './harness';

interface SpendResponse {
  groups: Array<{ tenant?: string; model?: string; requests: string; estimatedRequests: string; inputTokens: string; outputTokens: string; cost: string; estimatedCost: string }>;
  total: { requests: string; cost: string; estimatedCost: string };
  unpricedEvents: number;
}

const today = new Date().toISOString().slice(0, 10);
const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

describe('metering ingestion (dev broker, real Postgres)', () => {
  let h: Harness;
  const events: UsageRecordedV1[] = [];

  beforeAll(async () => {
    h = await createHarness({ ASC_METERING_MAX_BATCH: '200' });
    // tenant-a: 300 x gpt-4o-mini (1000 in / 500 out) = 300 x 0.00045 = 0.135
    for (let i = 0; i < 300; i++) events.push(usageEvent({ tenantId: 'tenant-a', keyId: `key-${i % 3}` }));
    // tenant-b: 40 x claude-sonnet-4-6, 2000 in incl. 500 cache read + 1000 cache write, 300 out = 40 x 0.0099 = 0.396
    for (let i = 0; i < 40; i++) {
      events.push(usageEvent({ tenantId: 'tenant-b', keyId: 'key-b', provider: 'anthropic', modelServed: 'claude-sonnet-4-6', apiDialect: 'anthropic',
        usage: { inputTokens: 2000, outputTokens: 300, cachedInputTokens: 500, cacheWriteInputTokens: 1000 } }));
    }
    // tenant-b: 10 x mistral estimated (3 in / 7 out) = 10 x 0.0000024 = 0.000024, flagged as estimated
    for (let i = 0; i < 10; i++) {
      events.push(usageEvent({ tenantId: 'tenant-b', keyId: 'key-b', provider: 'mistral', modelServed: 'mistral-small-latest', status: 'interrupted', errorCode: 'STREAM_INTERRUPTED',
        usage: { inputTokens: 3, outputTokens: 7, source: 'estimated' } }));
    }
    // tenant-b: 5 x unknown model: recorded as unpriced, never as zero spend
    for (let i = 0; i < 5; i++) events.push(usageEvent({ tenantId: 'tenant-b', keyId: 'key-b', modelServed: 'gpt-9-preview' }));
    await h.startApp();
  });
  afterAll(async () => {
    await h?.close();
  });

  const spend = async (groupBy: string) => (await h.get<SpendResponse>(`/v1/spend?from=${today}&to=${tomorrow}&groupBy=${groupBy}`)).body;
  const processed = async () => Number((await h.pool.query('SELECT count(*) AS n FROM metering_processed_events')).rows[0].n);

  it('prices usage events exactly into per-tenant, key, model and day totals', async () => {
    await h.publish(events);
    await waitFor(async () => (await processed()) === events.length, 'all events processed');
    const byTenant = await spend('tenant');
    expect(byTenant.groups.map((g) => [g.tenant, g.requests, g.cost, g.estimatedCost])).toEqual([
      ['tenant-a', '300', '0.135', '0'],
      ['tenant-b', '50', '0.396024', '0.000024'],
    ]);
    expect(byTenant.total.cost).toBe('0.531024');
    expect(byTenant.unpricedEvents).toBe(5);
    const byModel = await spend('tenant,model');
    expect(byModel.groups.map((g) => [g.tenant, g.model, g.requests, g.estimatedRequests, g.inputTokens, g.outputTokens, g.cost])).toEqual([
      ['tenant-a', 'gpt-4o-mini', '300', '0', '300000', '150000', '0.135'],
      ['tenant-b', 'claude-sonnet-4-6', '40', '0', '80000', '12000', '0.396'],
      ['tenant-b', 'mistral-small-latest', '10', '10', '30', '70', '0.000024'],
    ]);
    const keys = (await h.pool.query(`SELECT key_id, cost::text FROM spend_daily WHERE tenant_id = 'tenant-a' ORDER BY key_id`)).rows;
    expect(keys).toEqual([0, 1, 2].map((i) => ({ key_id: `key-${i}`, cost: '0.045000000000000000' })));
    const unpriced = await h.get<{ events: Array<{ model: string; reason: string }> }>(`/v1/unpriced?from=${today}&to=${tomorrow}`);
    expect(unpriced.body.events).toHaveLength(5);
    expect(unpriced.body.events[0]).toMatchObject({ model: 'gpt-9-preview', reason: 'unknown_model' });
  });

  it('changes no total when the same events are delivered again', async () => {
    const before = await spend('tenant,key,model');
    const duplicatesBefore = (await h.get<{ ingest: { duplicates: number } }>('/healthz')).body.ingest.duplicates;
    await h.publish(events);
    await h.publish(events.slice(0, 100));
    await waitFor(async () => (await h.get<{ ingest: { duplicates: number } }>('/healthz')).body.ingest.duplicates >= duplicatesBefore + events.length + 100, 'replays consumed');
    expect(await spend('tenant,key,model')).toEqual(before);
    expect(await processed()).toBe(events.length);
  });

  it('loses and duplicates nothing when metering is restarted mid-stream', async () => {
    const burst = Array.from({ length: 4000 }, (_, i) => usageEvent({ tenantId: 'tenant-c', keyId: `key-${i % 4}` }));
    const base = await processed();
    await h.publish(burst);
    // Stop while batches are in flight: part of the burst committed, the rest not yet.
    await waitFor(async () => (await processed()) > base, 'first batch of the burst');
    await h.stopApp();
    const atStop = (await processed()) - base;
    expect(atStop).toBeLessThan(burst.length);
    await h.startApp();
    await waitFor(async () => (await processed()) === base + burst.length, 'the rest of the burst after restart');
    const tenantC = (await spend('tenant')).groups.find((g) => g.tenant === 'tenant-c');
    expect(tenantC).toMatchObject({ requests: '4000', cost: '1.8' }); // 4000 x 0.00045
  });

  it('publishes one CloudEvent per priced usage event; a finance consumer rebuilds the same totals from the topic alone', async () => {
    const priced = (await h.pool.query(`SELECT sum(requests)::int AS n FROM spend_daily`)).rows[0].n as number;
    const finance = await collectTopic(h.kafka, meteringRecordV1.topic);
    try {
      await waitFor(() => new Set(finance.messages.map((m) => JSON.parse(m.value ?? '{}').id)).size >= priced, 'metering records', 30_000);
      const totals = new Map<string, Decimal>();
      const seen = new Set<string>();
      for (const message of finance.messages) {
        const decoded = decodeEvent(meteringRecordV1, message.value);
        if (!decoded.ok) throw decoded.error;
        const record = decoded.event;
        expect(message.key).toBe(record.subject);
        if (seen.has(record.id)) continue; // at-least-once: de-duplicate on the CloudEvent id
        seen.add(record.id);
        totals.set(record.subject, (totals.get(record.subject) ?? Decimal.ZERO).add(Decimal.parse(record.data.cost)));
      }
      expect(seen.size).toBe(priced);
      const fromTopic = Object.fromEntries([...totals].map(([tenant, cost]) => [tenant, cost.toString()]).sort());
      const fromDb = Object.fromEntries((await spend('tenant')).groups.map((g) => [g.tenant, g.cost]));
      expect(fromTopic).toEqual(fromDb);
      expect(fromTopic).toEqual({ 'tenant-a': '0.135', 'tenant-b': '0.396024', 'tenant-c': '1.8' });
    } finally {
      await finance.stop();
    }
  });
});
