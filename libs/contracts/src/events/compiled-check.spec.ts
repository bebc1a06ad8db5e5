import { describe, expect, it } from 'vitest';
import { mergeTypeUnions } from './compiled-check';
import {
  EVENT_CONTRACTS, EventValidationError, auditRecordedV1, compiledCheck, usageRecordedV1, validateEvent, type EventContract,
} from './index';

/** zod's verdict, the source of truth. */
const zodAccepts = (contract: EventContract, value: unknown) => contract.schema.safeParse(value).success;
const compiledAccepts = (contract: EventContract, value: unknown) => compiledCheck(contract)?.(value) ?? false;
const json = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

const usage = usageRecordedV1.fixture;
const audit = auditRecordedV1.fixture;
const emoji = '\u{1F600}';

const INVALID: Array<[string, EventContract, unknown]> = [
  ['negative token count', usageRecordedV1, { ...usage, usage: { ...usage.usage, inputTokens: -1 } }],
  ['fractional token count', usageRecordedV1, { ...usage, usage: { ...usage.usage, outputTokens: 1.5 } }],
  ['token count as a string', usageRecordedV1, { ...usage, usage: { ...usage.usage, outputTokens: '3' } }],
  ['NaN latency', usageRecordedV1, { ...usage, latencyMs: Number.NaN }],
  ['infinite latency', usageRecordedV1, { ...usage, latencyMs: Number.POSITIVE_INFINITY }],
  ['unknown usage source', usageRecordedV1, { ...usage, usage: { ...usage.usage, source: 'guessed' } }],
  ['empty tenant id', usageRecordedV1, { ...usage, tenantId: '' }],
  ['tenant id of 129 characters', usageRecordedV1, { ...usage, tenantId: 't'.repeat(129) }],
  // 65 code points but 130 UTF-16 units: zod counts units, so must the compiled check.
  ['tenant id of 65 emoji', usageRecordedV1, { ...usage, tenantId: emoji.repeat(65) }],
  ['UUIDv1 event id', usageRecordedV1, { ...usage, eventId: '6ba7b810-9dad-11d1-80b4-00c04fd430c8' }],
  ['impossible date', usageRecordedV1, { ...usage, eventTime: '2025-02-30T12:00:00.000Z' }],
  ['local time without zone', usageRecordedV1, { ...usage, eventTime: '2025-01-01T12:00:00' }],
  ['missing field', usageRecordedV1, Object.fromEntries(Object.entries(usage).filter(([k]) => k !== 'region'))],
  ['null where not nullable', usageRecordedV1, { ...usage, modelServed: null }],
  ['all-zero trace id', usageRecordedV1, { ...usage, traceId: '0'.repeat(32) }],
  ['schemaVersion 2', usageRecordedV1, { ...usage, schemaVersion: 2 }],
  ['an array instead of the event', usageRecordedV1, [usage]],
  ['a secret in details', auditRecordedV1, { ...audit, details: { apiKey: 'sk-123' } }],
  ['a secret deep in an array in details', auditRecordedV1, { ...audit, details: { attempts: [{ ok: 1 }, { nested: { Authorization: 'Bearer x' } }] } }],
  ['content without contentCaptured', auditRecordedV1, { ...audit, details: { prompt: 'hello' } }],
  ['a non-JSON number in details', auditRecordedV1, { ...audit, details: { ratio: Number.POSITIVE_INFINITY } }],
  ['undefined in details', auditRecordedV1, { ...audit, details: { gone: undefined } }],
  ['a Date in details', auditRecordedV1, { ...audit, details: { at: new Date(0) } }],
  ['upper-case kind', auditRecordedV1, { ...audit, kind: 'Admin.Change' }],
  ['unknown actor type', auditRecordedV1, { ...audit, actor: { type: 'robot', id: 'r' } }],
  ['empty request id', auditRecordedV1, { ...audit, requestId: '' }],
];

/** The contracts the gateway publishes per request must compile; the others have refinements and stay with zod. */
const COMPILED = [usageRecordedV1, auditRecordedV1] as EventContract[];

describe('compiled producer-edge check', () => {
  it.each(COMPILED.map((c) => [c.name, c] as [string, EventContract]))('compiles %s and accepts its fixture, as zod does', (_name, contract) => {
    expect(compiledCheck(contract)).not.toBeNull();
    expect(compiledAccepts(contract, contract.fixture)).toBe(true);
    expect(zodAccepts(contract, contract.fixture)).toBe(true);
  });

  it('leaves contracts with refinements JSON Schema cannot carry to zod, which still validates them', () => {
    for (const contract of EVENT_CONTRACTS.filter((c) => !COMPILED.includes(c))) {
      expect(compiledCheck(contract)).toBeNull();
      expect(validateEvent(contract, contract.fixture as never)).toEqual(contract.fixture);
    }
    expect(() => validateEvent(EVENT_CONTRACTS.find((c) => c.name === 'budget.state.v1') as EventContract, { scope: 'key' } as never)).toThrow(EventValidationError);
  });

  it.each(INVALID)('rejects %s, as zod does', (_name, contract, value) => {
    expect(zodAccepts(contract, value)).toBe(false);
    expect(compiledAccepts(contract, value)).toBe(false);
    expect(() => validateEvent(contract, value as never)).toThrow(EventValidationError);
  });

  it('accepts content in audit details once the tenant allows capture, as zod does', () => {
    const value = { ...audit, contentCaptured: true, details: { prompt: 'hello', messages: [{ content: 'hi' }] } };
    expect(zodAccepts(auditRecordedV1, value)).toBe(true);
    expect(compiledAccepts(auditRecordedV1, value)).toBe(true);
  });

  it('refuses unknown keys, which zod strips: validateEvent then returns zod output without them', () => {
    const value = { ...usage, debug: 'x' };
    expect(compiledAccepts(usageRecordedV1, value)).toBe(false);
    const event = validateEvent(usageRecordedV1, value);
    expect(event).not.toHaveProperty('debug');
    expect(json(event)).toEqual(json(usage));
  });

  it('returns a valid event itself, without copying it', () => {
    const value = { ...usage };
    expect(validateEvent(usageRecordedV1, value)).toBe(value);
  });

  it('agrees with zod on 3,000 random mutations of each fixture, and serializes to what zod outputs', () => {
    const random = seeded(42);
    const replacements: unknown[] = [
      undefined, null, '', 'x', 'tenant-acme', 't'.repeat(129), emoji.repeat(70), 0, -1, 1.5, 2 ** 53, Number.NaN,
      Number.POSITIVE_INFINITY, true, false, {}, [], { password: 'p' }, { content: 'c' }, ['a', 1], '2025-01-01T12:00:00.000Z',
      '01936b2e-8c40-7a1b-9c3d-4e5f60718293', '4bf92f3577b34da6a3ce929d0e0e4736', 'succeeded', 'openai', 'key', 'request', 1,
    ];
    for (const contract of COMPILED) {
      let accepted = 0;
      for (let n = 0; n < 3000; n++) {
        const value = structuredClone(contract.fixture) as Record<string, unknown>;
        for (let edits = 1 + Math.floor(random() * 2); edits > 0; edits--) mutate(value, replacements, random);
        const zod = contract.schema.safeParse(value);
        expect({ value, compiled: compiledAccepts(contract, value) }).toEqual({ value, compiled: zod.success });
        if (zod.success) {
          accepted += 1;
          expect(json(validateEvent(contract, value as never))).toEqual(json(zod.data));
        }
      }
      expect(accepted).toBeGreaterThan(100); // the mutations exercise both outcomes
    }
  });
});

describe('mergeTypeUnions', () => {
  it('merges unions of distinct types with type-specific keywords only', () => {
    expect(mergeTypeUnions({ anyOf: [{ type: 'string', minLength: 1 }, { type: 'null' }] })).toEqual({ type: ['string', 'null'], minLength: 1 });
    const overlapping = { anyOf: [{ type: 'integer', minimum: 0 }, { type: 'number' }] };
    expect(mergeTypeUnions(overlapping)).toEqual(overlapping);
    const withConst = { anyOf: [{ type: 'string', const: 'a' }, { type: 'null' }] };
    expect(mergeTypeUnions(withConst)).toEqual(withConst);
    const twoStrings = { anyOf: [{ type: 'string', pattern: '^a' }, { type: 'string', pattern: '^b' }] };
    expect(mergeTypeUnions(twoStrings)).toEqual(twoStrings);
  });
});

/** Replaces or deletes one value at a random path of a JSON-like tree. */
function mutate(root: Record<string, unknown>, replacements: readonly unknown[], random: () => number): void {
  let node: Record<string, unknown> | unknown[] = root;
  for (;;) {
    const keys = Object.keys(node);
    if (keys.length === 0) return;
    const key = keys[Math.floor(random() * keys.length)] as string;
    const child = (node as Record<string, unknown>)[key];
    if (child !== null && typeof child === 'object' && random() < 0.5) {
      node = child as Record<string, unknown>;
      continue;
    }
    const replacement = replacements[Math.floor(random() * replacements.length)];
    if (replacement === undefined && !Array.isArray(node)) delete node[key];
    else (node as Record<string, unknown>)[key] = structuredClone(replacement);
    return;
  }
}

/** mulberry32: a small deterministic PRNG, so a failure reproduces. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
