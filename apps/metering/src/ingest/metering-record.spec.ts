import { describe, expect, it } from 'vitest';
import { encodeEvent, meteringRecordV1, usageRecordedV1 } from '@asc/contracts/events';
import { Pricer, SEED_PRICE_TABLES } from '@asc/pricing';
import { toMeteringRecord } from './metering-record';
import { priceBatch } from './price-batch';

describe('toMeteringRecord', () => {
  it('builds a valid metering.record.v1 CloudEvent with a deterministic id (no schema pass needed on the hot path)', () => {
    const batch = priceBatch(new Pricer(SEED_PRICE_TABLES), [usageRecordedV1.fixture]);
    const record = toMeteringRecord(batch.priced[0]!, 'asc/metering');
    expect(() => encodeEvent(meteringRecordV1, record)).not.toThrow();
    expect(record).toMatchInlineSnapshot(`
      {
        "data": {
          "cache_write_input_tokens": 0,
          "cached_input_tokens": 1024,
          "cost": "0.00522",
          "currency": "USD",
          "input_tokens": 1200,
          "key_id": "key-01",
          "model": "gpt-4o-2024-08-06",
          "output_tokens": 350,
          "price_table_version": "2025-01-01",
          "provider": "openai",
          "request_id": "req-7f3a",
          "tenant_id": "tenant-acme",
          "usage_event_id": "01936b2e-8c40-7a1b-9c3d-4e5f60718293",
          "usage_source": "reported",
        },
        "datacontenttype": "application/json",
        "id": "usage-01936b2e-8c40-7a1b-9c3d-4e5f60718293",
        "source": "asc/metering",
        "specversion": "1.0",
        "subject": "tenant-acme",
        "time": "2025-01-01T12:00:00.000Z",
        "type": "io.asc.metering.record.v1",
      }
    `);
  });

  it('aggregates a batch per tenant, key, model, provider and day, keeping unknown models apart', () => {
    const base = usageRecordedV1.fixture;
    const batch = priceBatch(new Pricer(SEED_PRICE_TABLES), [
      { ...base, eventId: '01936b2e-8c40-7a1b-9c3d-4e5f60718201' },
      { ...base, eventId: '01936b2e-8c40-7a1b-9c3d-4e5f60718202', usage: { ...base.usage, source: 'estimated' } },
      { ...base, eventId: '01936b2e-8c40-7a1b-9c3d-4e5f60718203', eventTime: '2025-01-02T00:00:00.000Z' },
      { ...base, eventId: '01936b2e-8c40-7a1b-9c3d-4e5f60718204', modelServed: 'unknown-model' },
    ]);
    expect(batch.spend.map((r) => [r.day, r.requests, r.estimatedRequests, r.cost.toString(), r.estimatedCost.toString()])).toEqual([
      ['2025-01-01', 2, 1, '0.01044', '0.00522'],
      ['2025-01-02', 1, 0, '0.00522', '0'],
    ]);
    expect(batch.unpriced.map((u) => [u.event.modelServed, u.reason])).toEqual([['unknown-model', 'unknown_model']]);
  });
});
