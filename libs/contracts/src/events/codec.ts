import type { z } from 'zod';
import type { EventContract, EventInputOf, EventOf } from './contract';
import { compiledCheck } from './compiled-check';
import { eventHeaders, type TraceContext } from './headers';

/**
 * Validation at both edges: producers call `encodeEvent` (a bad event never reaches Kafka), consumers call
 * `decodeEvent` (bad bytes become a typed error, which @asc/kafka routes to the dead-letter topic).
 * Wire format: UTF-8 JSON of the schema's output, one event per message. Both edges run a compiled check first
 * (compiled-check.ts, ~1 µs) and zod only for what that check refuses, so the result is zod's either way: the check
 * accepts only values zod returns unchanged, and zod names the issues of everything it refuses.
 */
const MARKER = Symbol.for('asc.event-validation-error');

export interface EventIssue {
  path: string;
  message: string;
}

export class EventValidationError extends Error {
  readonly [MARKER] = true;
  readonly code = 'EVENT_VALIDATION_FAILED';
  readonly contract: string;
  readonly issues: readonly EventIssue[];

  constructor(contract: string, issues: readonly EventIssue[]) {
    super(`Invalid ${contract} event: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`);
    this.name = 'EventValidationError';
    this.contract = contract;
    this.issues = issues;
  }

  static is(value: unknown): value is EventValidationError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[MARKER] === true;
  }
}

export interface EncodedEvent {
  topic: string;
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

export type DecodeResult<T> = { ok: true; event: T } | { ok: false; error: EventValidationError };

function toIssues(error: z.ZodError): EventIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/**
 * The event as the schema outputs it, ready to serialize; throws `EventValidationError` for an invalid event. A valid
 * event is returned as is (no copy); zod's output is returned only when it differs (unknown keys stripped).
 */
export function validateEvent<C extends EventContract>(contract: C, value: EventInputOf<C>): EventOf<C> {
  if (compiledCheck(contract)?.(value)) return value as EventOf<C>;
  const parsed = contract.schema.safeParse(value);
  if (!parsed.success) throw new EventValidationError(contract.name, toIssues(parsed.error));
  return parsed.data as EventOf<C>;
}

/** Validates and serializes; throws `EventValidationError` for an invalid event. */
export function encodeEvent<C extends EventContract>(contract: C, value: EventInputOf<C>, trace?: TraceContext): EncodedEvent {
  const event = validateEvent(contract, value);
  return { topic: contract.topic, key: contract.key(event), value: Buffer.from(JSON.stringify(event)), headers: eventHeaders(contract, trace) };
}

/** Parses and validates consumed bytes; never throws. */
export function decodeEvent<C extends EventContract>(contract: C, bytes: Uint8Array | string | null): DecodeResult<EventOf<C>> {
  if (bytes === null) return { ok: false, error: new EventValidationError(contract.name, [{ path: '', message: 'empty message (tombstone)' }]) };
  let json: unknown;
  try {
    json = JSON.parse(typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('utf8'));
  } catch (err) {
    return { ok: false, error: new EventValidationError(contract.name, [{ path: '', message: `not JSON: ${(err as Error).message}` }]) };
  }
  if (compiledCheck(contract)?.(json)) return { ok: true, event: json as EventOf<C> };
  const parsed = contract.schema.safeParse(json);
  if (!parsed.success) return { ok: false, error: new EventValidationError(contract.name, toIssues(parsed.error)) };
  return { ok: true, event: parsed.data as EventOf<C> };
}
