/** One line of a plan, as `asc apply`/`asc diff` print it: `+` create, `~` change, `-` remove or disable. */
export interface DiffLine {
  op: '+' | '~' | '-';
  entity: 'organization' | 'tenant' | 'deployment' | 'policy';
  ref: string;
  /** Field-level changes: `allowedRegions: ["eu","us"] -> ["eu"]`. */
  details: string[];
}

/** Canonical JSON: object keys sorted, so equal documents compare equal whatever order they were written in. */
export function canonical(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, sortKeys(v)]),
    );
  }
  return value;
}

/** Leaf paths of a JSON document (arrays are leaves), e.g. `rateLimits.tenant.requestsPerMinute`. */
function flatten(value: unknown, prefix: string, out: Map<string, string>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (v !== undefined) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) {
    out.set(prefix, canonical(value));
  }
}

/** Field-level differences between two documents: `path: before -> after` (`(unset)` for absent). */
export function fieldChanges(before: unknown, after: unknown): string[] {
  const a = new Map<string, string>();
  const b = new Map<string, string>();
  flatten(before ?? {}, '', a);
  flatten(after ?? {}, '', b);
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  return paths.filter((p) => a.get(p) !== b.get(p)).map((p) => `${p}: ${a.get(p) ?? '(unset)'} -> ${b.get(p) ?? '(unset)'}`);
}

export function renderDiff(lines: readonly DiffLine[]): string {
  return lines.map((l) => [`${l.op} ${l.entity} ${l.ref}`, ...l.details.map((d) => `    ${d}`)].join('\n')).join('\n');
}
