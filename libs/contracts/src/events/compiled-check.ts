import type { AnySchema } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import { auditDetailsProblems, auditRecordedV1 } from './audit-recorded.v1';
import type { EventContract } from './contract';
import { eventJsonSchema } from './json-schemas';

/**
 * A compiled yes/no check per contract for the producer edge, where zod's parse costs ~10-25 µs per event and the
 * gateway publishes two events per request. Ajv compiles the contract's JSON Schema, which is generated from the zod
 * schema (the source of truth, `json-schemas.ts`), once per process; refinements JSON Schema cannot express run
 * beside it. The check is at least as strict as zod: `codec.ts` hands anything it refuses to zod, so zod still
 * decides the outcome and the issue messages (compiled-check.spec.ts proves the two agree on fixtures, on invalid
 * events and on random mutations of the fixtures).
 */
export type CompiledCheck = (event: unknown) => boolean;

/** Refinements (zod `superRefine`) of each contract, as functions over an event the JSON Schema already accepted. */
const REFINEMENTS: Record<string, (event: never) => readonly string[]> = {
  [auditRecordedV1.name]: auditDetailsProblems,
};

interface ZodNode {
  _zod?: { def?: { type?: string; checks?: ReadonlyArray<{ _zod?: { def?: { check?: string } } }>; getter?: () => unknown } & Record<string, unknown> };
}

/** Whether a custom check (refine/superRefine) sits anywhere below the top level of a zod schema. */
function hasNestedRefinement(node: ZodNode, top: boolean, seen: Set<unknown>): boolean {
  const def = node._zod?.def;
  if (!def || seen.has(node)) return false;
  seen.add(node);
  if (!top && def.checks?.some((c) => c._zod?.def?.check === 'custom')) return true;
  if (def.type === 'custom') return true;
  const children: unknown[] = [];
  for (const key of ['shape', 'element', 'innerType', 'options', 'keyType', 'valueType', 'in', 'out', 'left', 'right', 'items', 'rest']) {
    const child = def[key];
    if (Array.isArray(child)) children.push(...(child as unknown[]));
    else if (key === 'shape' && child && typeof child === 'object') children.push(...Object.values(child));
    else if (child) children.push(child);
  }
  if (def.type === 'lazy' && def.getter) children.push(def.getter());
  return children.some((child) => typeof child === 'object' && child !== null && hasNestedRefinement(child as ZodNode, false, seen));
}

/** zod's `isPlainObject` (zod/v4/core/util): what `z.record` accepts, where JSON Schema's `object` takes any object. */
function isPlainObject(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const ctor = (value as { constructor?: unknown }).constructor;
  if (ctor === undefined) return true;
  const proto = (ctor as { prototype?: unknown }).prototype;
  if (typeof proto !== 'object' || proto === null || Array.isArray(proto)) return false;
  return Object.prototype.hasOwnProperty.call(proto, 'isPrototypeOf');
}

const ajv = new Ajv2020({
  logger: false, // `unicode: false` below is reported as deprecated on every start; it still applies
  // The patterns zod emits already check uuid and date-time; Ajv's own formats would be a second, different opinion.
  validateFormats: false,
  // zod counts string length in UTF-16 units and compiles patterns without the `u` flag: do the same.
  unicode: false,
  unicodeRegExp: false,
  allErrors: false,
});
ajv.addKeyword({ keyword: 'zodRecord', type: 'object', schemaType: 'boolean', errors: false, validate: (_on: boolean, data: unknown) => isPlainObject(data) });
const checks = new WeakMap<EventContract, CompiledCheck | null>();

/** The compiled check of `contract`, or null when it has refinements this module does not know (zod decides). */
export function compiledCheck(contract: EventContract): CompiledCheck | null {
  let check = checks.get(contract);
  if (check === undefined) {
    check = compile(contract);
    checks.set(contract, check);
  }
  return check;
}

function compile(contract: EventContract): CompiledCheck | null {
  const refine = REFINEMENTS[contract.name] as ((event: unknown) => readonly string[]) | undefined;
  const topLevel = (contract.schema as unknown as ZodNode)._zod?.def?.checks?.length ?? 0;
  // JSON Schema drops refinements: a contract with any it does not know here is left to zod.
  if ((topLevel > 0 && refine === undefined) || hasNestedRefinement(contract.schema as unknown as ZodNode, true, new Set())) return null;
  let validate: (data: unknown) => boolean;
  try {
    const { $id: _id, examples: _examples, ...schema } = eventJsonSchema(contract);
    validate = ajv.compile(mergeTypeUnions(schema) as AnySchema);
  } catch {
    return null; // a schema JSON Schema cannot represent: zod alone validates it
  }
  return refine ? (event) => validate(event) && refine(event).length === 0 : validate;
}

/** Keywords that constrain only values of one JSON type (and annotations, which constrain nothing). */
const TYPE_KEYWORDS: Record<string, readonly string[]> = {
  string: ['minLength', 'maxLength', 'pattern', 'format'],
  number: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
  integer: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
  array: ['items', 'prefixItems', 'minItems', 'maxItems', 'uniqueItems', 'contains'],
  object: ['properties', 'required', 'additionalProperties', 'propertyNames', 'patternProperties', 'minProperties', 'maxProperties', 'zodRecord'],
  null: [],
  boolean: [],
};
const ANNOTATIONS = new Set(['description', 'title']);

/**
 * Rewrites `anyOf: [{type: A, ...}, {type: B, ...}]` into `{type: [A, B], ...}` when every branch has one distinct
 * type and only keywords that apply to that type: the same set of values, but one typeof test instead of trying each
 * branch and allocating an error for each miss (zod's nullable fields and `z.json()` are such unions).
 */
export function mergeTypeUnions(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(mergeTypeUnions);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) out[key] = mergeTypeUnions(value);
  // zod writes `propertyNames: {type: string}` only for z.record, which (unlike z.object) takes plain objects only.
  // The names check itself always passes (object keys are strings), and Ajv 8.20 skips the keywords after it on
  // an empty object, so it is replaced rather than kept.
  const names = out['propertyNames'] as Record<string, unknown> | undefined;
  if (out['type'] === 'object' && names && Object.keys(names).length === 1 && names['type'] === 'string') {
    delete out['propertyNames'];
    out['zodRecord'] = true;
  }
  const branches = out['anyOf'];
  if (!Array.isArray(branches) || Object.keys(out).some((k) => k !== 'anyOf' && !ANNOTATIONS.has(k))) return out;
  const merged: Record<string, unknown> = {};
  const types: string[] = [];
  for (const branch of branches as Array<Record<string, unknown>>) {
    const type = branch['type'];
    if (typeof type !== 'string' || !(type in TYPE_KEYWORDS)) return out;
    const family = type === 'integer' ? 'number' : type;
    if (types.some((t) => (t === 'integer' ? 'number' : t) === family)) return out;
    types.push(type);
    for (const [key, value] of Object.entries(branch)) {
      if (key === 'type' || ANNOTATIONS.has(key)) continue;
      if (!TYPE_KEYWORDS[type]?.includes(key) || key in merged) return out;
      merged[key] = value;
    }
  }
  const rest = Object.fromEntries(Object.entries(out).filter(([k]) => k !== 'anyOf'));
  return { ...rest, type: types, ...merged };
}
