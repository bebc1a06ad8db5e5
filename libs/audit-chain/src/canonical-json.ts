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
  const parts: string[] = [];
  write(value, parts, '$');
  return parts.join('');
}

function write(value: unknown, out: string[], path: string): void {
  if (value === null) {
    out.push('null');
    return;
  }
  switch (typeof value) {
    case 'string':
      out.push(JSON.stringify(value));
      return;
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(`${path}: ${String(value)} is not a JSON number`);
      // ECMAScript Number::toString is the shortest round-trip form RFC 8785 §3.2.2.3 requires; -0 becomes "0".
      out.push(JSON.stringify(value));
      return;
    case 'object':
      break;
    default:
      throw new CanonicalJsonError(`${path}: ${typeof value} is not a JSON value`);
  }
  if (Array.isArray(value)) {
    out.push('[');
    value.forEach((item, i) => {
      if (i > 0) out.push(',');
      write(item, out, `${path}[${i}]`);
    });
    out.push(']');
    return;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) throw new CanonicalJsonError(`${path}: only plain objects are JSON objects`);
  const record = value as Record<string, unknown>;
  // Default sort compares UTF-16 code units, which is exactly the RFC 8785 §3.2.3 ordering.
  const keys = Object.keys(record).sort();
  out.push('{');
  let first = true;
  for (const key of keys) {
    const child = record[key];
    if (child === undefined) throw new CanonicalJsonError(`${path}.${key}: undefined is not a JSON value`);
    if (!first) out.push(',');
    first = false;
    out.push(JSON.stringify(key), ':');
    write(child, out, `${path}.${key}`);
  }
  out.push('}');
}
