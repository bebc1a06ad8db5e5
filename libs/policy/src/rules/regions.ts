/**
 * Regions are dash-separated hierarchies: `eu` covers `eu-west-1` and `eu-central-1`; `eu-west` covers `eu-west-1`.
 * Deployments carry concrete regions; policies list regions or region prefixes.
 */
export function regionCovers(entry: string, region: string): boolean {
  return region === entry || (region.length > entry.length && region.startsWith(entry) && region.charCodeAt(entry.length) === 45 /* - */);
}

export function regionAllowed(allowed: readonly string[] | null, region: string): boolean {
  if (allowed === null) return true;
  for (const entry of allowed) if (regionCovers(entry, region)) return true;
  return false;
}

/** The regions both lists allow: `['eu']` ∩ `['eu-west-1', 'us-east-1']` = `['eu-west-1']`. */
export function intersectRegions(parent: readonly string[] | null, child: readonly string[]): string[] {
  const normalized = child.map((r) => r.trim().toLowerCase()).filter(Boolean);
  if (parent === null) return [...new Set(normalized)];
  const out = new Set<string>();
  for (const c of normalized) {
    for (const p of parent) {
      if (regionCovers(p, c)) out.add(c);
      else if (regionCovers(c, p)) out.add(p);
    }
  }
  return [...out];
}
