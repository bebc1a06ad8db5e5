import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  EVENT_CONTRACTS, EventValidationError, PLATFORM_TENANT_ID, TOPICS, auditRecordedV1, budgetStateV1, decodeEvent,
  dlqTopicName, encodeEvent, eventIdTime, eventJsonSchemaFiles, meteringRecordV1, newEventId, traceContextFrom,
  usageRecordedV1, type EventContract,
} from './index';

const TRACE = { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', tracestate: 'asc=1' };

describe.each(EVENT_CONTRACTS.map((c) => [c.name, c] as [string, EventContract]))('%s', (_name, contract) => {
  it('round-trips its fixture through encode and decode with headers', () => {
    const encoded = encodeEvent(contract, contract.fixture, TRACE);
    expect(encoded.topic).toBe(contract.topic);
    expect(encoded.key).toBe('tenant-acme');
    expect(encoded.headers).toEqual({ 'content-type': contract.contentType, schema: contract.name, ...TRACE });
    const decoded = decodeEvent(contract, encoded.value);
    expect(decoded).toEqual({ ok: true, event: contract.fixture });
    expect(traceContextFrom(Object.fromEntries(Object.entries(encoded.headers).map(([k, v]) => [k, Buffer.from(v)])))).toEqual(TRACE);
  });

  it('has a topic and a dead-letter topic in the topic table', () => {
    expect(TOPICS.map((t) => t.name)).toEqual(expect.arrayContaining([contract.topic, dlqTopicName(contract.topic)]));
  });
});

describe('encodeEvent', () => {
  it('rejects an invalid event at the producer with a typed error naming each bad field', () => {
    const bad = { ...usageRecordedV1.fixture, usage: { ...usageRecordedV1.fixture.usage, inputTokens: -1, source: 'guessed' } };
    let caught: unknown;
    try {
      encodeEvent(usageRecordedV1, bad as never);
    } catch (err) {
      caught = err;
    }
    expect(EventValidationError.is(caught)).toBe(true);
    const error = caught as EventValidationError;
    expect(error.code).toBe('EVENT_VALIDATION_FAILED');
    expect(error.contract).toBe('usage.recorded.v1');
    expect(error.issues.map((i) => i.path).sort()).toEqual(['usage.inputTokens', 'usage.source']);
  });

  it('omits malformed trace context instead of forwarding it', () => {
    expect(encodeEvent(usageRecordedV1, usageRecordedV1.fixture, { traceparent: 'garbage' }).headers).toEqual({
      'content-type': 'application/json',
      schema: 'usage.recorded.v1',
    });
  });

  it('requires a UUIDv7 event id', () => {
    expect(() => encodeEvent(usageRecordedV1, { ...usageRecordedV1.fixture, eventId: '6ba7b810-9dad-11d1-80b4-00c04fd430c8' })).toThrow(/eventId/);
  });
});

describe('decodeEvent', () => {
  it('returns typed errors for non-JSON, tombstones and wrong shapes, never throwing', () => {
    const notJson = decodeEvent(usageRecordedV1, Buffer.from('{oops'));
    expect(notJson.ok || notJson.error.issues[0]?.message).toMatch(/^not JSON/);
    const tombstone = decodeEvent(budgetStateV1, null);
    expect(tombstone.ok).toBe(false);
    const wrong = decodeEvent(usageRecordedV1, JSON.stringify({ ...usageRecordedV1.fixture, status: 'maybe' }));
    expect(wrong.ok ? [] : wrong.error.issues.map((i) => i.path)).toEqual(['status']);
  });

  it('decodes consumed bytes to exactly what zod outputs, also where zod strips unknown keys or refuses a refinement', () => {
    const wire = (value: unknown) => Buffer.from(JSON.stringify(value));
    const zodOf = (contract: EventContract, value: unknown) => contract.schema.safeParse(value);
    for (const value of [usageRecordedV1.fixture, { ...usageRecordedV1.fixture, debug: 'newer producer field' }]) {
      expect(decodeEvent(usageRecordedV1, wire(value))).toEqual({ ok: true, event: zodOf(usageRecordedV1, value).data });
    }
    const stripped = decodeEvent(usageRecordedV1, wire({ ...usageRecordedV1.fixture, debug: 'x' }));
    expect(stripped.ok && stripped.event).not.toHaveProperty('debug');
    // A superRefine issue (secrets in audit details) still reaches the dead-letter reason in zod's words.
    const secret = decodeEvent(auditRecordedV1, wire({ ...auditRecordedV1.fixture, details: { apiKey: 'sk-1' } }));
    expect(secret.ok ? '' : secret.error.message).toMatch(/^Invalid audit\.recorded\.v1 event: details.*secrets/);
  });
});

describe('audit.recorded.v1 details', () => {
  const base = auditRecordedV1.fixture;
  it('refuses secrets anywhere in details', () => {
    expect(() => encodeEvent(auditRecordedV1, { ...base, details: { provider: { apiKey: 'sk-123' } } })).toThrow(/secrets/);
  });
  it('allows prompt text only when content capture is on', () => {
    expect(() => encodeEvent(auditRecordedV1, { ...base, details: { prompt: 'hello' } })).toThrow(/contentCaptured/);
    expect(encodeEvent(auditRecordedV1, { ...base, contentCaptured: true, details: { prompt: 'hello' } }).key).toBe('tenant-acme');
  });
  it('keys platform-level changes by the reserved platform tenant', () => {
    expect(encodeEvent(auditRecordedV1, { ...base, tenantId: PLATFORM_TENANT_ID }).key).toBe('_platform');
  });
});

describe('budget.state.v1 and metering.record.v1 keys', () => {
  it('keys key-scoped budgets by tenant/key and requires keyId exactly for that scope', () => {
    const keyBudget = { ...budgetStateV1.fixture, scope: 'key' as const, keyId: 'key-01' };
    expect(encodeEvent(budgetStateV1, keyBudget).key).toBe('tenant-acme/key-01');
    expect(() => encodeEvent(budgetStateV1, { ...keyBudget, keyId: null })).toThrow(/keyId/);
    expect(() => encodeEvent(budgetStateV1, { ...budgetStateV1.fixture, spent: '1e3' })).toThrow(/decimal/);
  });
  it('requires the CloudEvents subject to be the tenant in data', () => {
    const record = meteringRecordV1.fixture;
    expect(() => encodeEvent(meteringRecordV1, { ...record, subject: 'tenant-other' })).toThrow(/subject/);
    expect(() => encodeEvent(meteringRecordV1, { ...record, data: { ...record.data, cost: 0.1 as never } })).toThrow(/cost/);
  });
});

describe('newEventId', () => {
  it('makes UUIDv7 ids that sort in creation order and carry their time', () => {
    const now = Date.UTC(2025, 0, 1);
    const ids = [now, now, now, now + 1, now + 5].map((t) => newEventId(t));
    expect(new Set(ids).size).toBe(5);
    expect([...ids].sort()).toEqual(ids);
    expect(eventIdTime(ids[0] ?? '')).toBe(now);
    for (const id of ids) expect(decodeEvent(usageRecordedV1, JSON.stringify({ ...usageRecordedV1.fixture, eventId: id })).ok).toBe(true);
  });
});

describe('JSON Schema files', () => {
  it('match what the contracts generate (run write-json-schemas after changing a contract)', () => {
    for (const [name, text] of Object.entries(eventJsonSchemaFiles())) {
      expect(readFileSync(join(__dirname, '../../schemas', name), 'utf8'), name).toBe(text);
    }
  });
});
