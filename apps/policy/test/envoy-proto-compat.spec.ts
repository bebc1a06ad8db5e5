import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, Enum, MapField, Namespace, Service, Type, type ReflectionObject } from 'protobufjs';
import { PROTO_ROOT } from '@asc/contracts/policy';

/**
 * Wire compatibility of proto/envoy/** with Envoy's published API: every message, enum and service ASC defines
 * must exist upstream under the same full name, and every field ASC declares must have the upstream's number,
 * type and label. Upstream text: test/fixtures/envoy-published (excerpts of envoyproxy/data-plane-api, commit
 * 84e84367f2560cdb47b9bb78fd3e615feb80c3e4; see proto/envoy/README.md).
 */
const OURS = ['envoy/service/auth/v3/external_auth.proto', 'envoy/service/auth/v3/attribute_context.proto', 'envoy/config/core/v3/base.proto', 'envoy/type/v3/http_status.proto'];
const PUBLISHED = join(__dirname, 'fixtures/envoy-published');

function collect(files: { text: string }[]): Map<string, ReflectionObject> {
  const out = new Map<string, ReflectionObject>();
  const walk = (ns: ReflectionObject) => {
    if (ns instanceof Type || ns instanceof Enum || ns instanceof Service) out.set(ns.fullName.replace(/^\./, ''), ns);
    if (ns instanceof Namespace) for (const child of ns.nestedArray) walk(child);
  };
  for (const { text } of files) walk(parse(text, { keepCase: true }).root);
  return out;
}

const ours = collect(OURS.map((f) => ({ text: readFileSync(join(PROTO_ROOT, f), 'utf8') })));
const published = collect(OURS.map((f) => ({ text: readFileSync(join(PUBLISHED, f.replaceAll('/', '_')), 'utf8') })));

/** Type names as written may be relative (`config.core.v3.HeaderMap`); compare their last segments plus label. */
function shape(field: Type['fieldsArray'][number]): string {
  const map = field instanceof MapField ? `map<${field.keyType},` : '';
  return `${field.id} ${field.repeated ? 'repeated ' : ''}${map}${field.type.split('.').pop()}${map ? '>' : ''}`;
}

describe('proto/envoy is wire-compatible with Envoy data-plane-api', () => {
  it('defines only names that exist upstream, in the same packages', () => {
    expect([...ours.keys()].filter((name) => !published.has(name))).toEqual([]);
    expect([...ours.keys()]).toEqual(
      expect.arrayContaining(['envoy.service.auth.v3.Authorization', 'envoy.service.auth.v3.CheckRequest', 'envoy.service.auth.v3.CheckResponse', 'envoy.service.auth.v3.AttributeContext.HttpRequest']),
    );
  });

  it.each([...ours.entries()].filter(([, t]) => t instanceof Type).map(([name]) => name))('%s: same field numbers, types and labels', (name) => {
    const mine = ours.get(name) as Type;
    const theirs = published.get(name) as Type;
    for (const field of mine.fieldsArray) {
      const upstream = theirs.fields[field.name];
      expect(upstream, `${name}.${field.name} exists upstream`).toBeDefined();
      expect(shape(field)).toBe(shape(upstream!));
      expect(field.partOf?.name ?? null).toBe(upstream!.partOf?.name ?? null);
    }
    // Numbers ASC leaves out must not be reused by another field here.
    const upstreamIds = new Map(theirs.fieldsArray.map((f) => [f.id, f.name]));
    for (const field of mine.fieldsArray) expect(upstreamIds.get(field.id)).toBe(field.name);
  });

  it.each([...ours.entries()].filter(([, t]) => t instanceof Enum).map(([name]) => name))('%s: same enum values', (name) => {
    const mine = (ours.get(name) as Enum).values;
    const theirs = (published.get(name) as Enum).values;
    for (const [key, value] of Object.entries(mine)) expect([key, theirs[key]]).toEqual([key, value]);
  });

  it('Authorization.Check has the upstream request and response types', () => {
    const mine = (ours.get('envoy.service.auth.v3.Authorization') as Service).methods['Check']!;
    const theirs = (published.get('envoy.service.auth.v3.Authorization') as Service).methods['Check']!;
    expect([mine.requestType, mine.responseType, !!mine.responseStream]).toEqual([theirs.requestType, theirs.responseType, !!theirs.responseStream]);
  });
});
