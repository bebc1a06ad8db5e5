import type { PolicyRules__Output, RateLimit__Output } from '@asc/contracts/policy';
import {
  LOGGING_LEVELS,
  PII_ACTIONS,
  PII_KINDS,
  type EffectivePolicy,
  type LoggingLevelName,
  type PiiActionName,
  type PiiKind,
  type RateLimitPair,
} from './effective-policy';
import { intersectRegions, regionAllowed } from './regions';

/**
 * Inheritance: a child layer (organization under platform, tenant under organization, key under tenant) can only
 * narrow its parent. Sets intersect, limits take the minimum, PII actions and logging only get stricter, blocked
 * terms and budgets accumulate. Whatever a child writes, the result is never wider than the parent.
 */
export function narrow(parent: EffectivePolicy, child: PolicyRules__Output | null | undefined): EffectivePolicy {
  if (!child) return parent;
  const models = child.approvedModels?.values;
  const regions = child.allowedRegions?.values;
  return {
    approvedModels: models === undefined ? parent.approvedModels : intersectModels(parent.approvedModels, models),
    allowedRegions: regions === undefined ? parent.allowedRegions : intersectRegions(parent.allowedRegions, regions),
    tenantRateLimit: narrowRate(parent.tenantRateLimit, child.tenantRateLimit),
    keyRateLimit: narrowRate(parent.keyRateLimit, child.keyRateLimit),
    maxTokensPerRequest: minLimit(parent.maxTokensPerRequest, child.maxTokensPerRequest),
    budgetIds: union(parent.budgetIds, child.budgetIds),
    pii: narrowPii(parent.pii, child),
    blockedTerms: union(parent.blockedTerms, child.guardrails?.blockedTerms ?? []),
    logging: stricter(LOGGING_LEVELS, parent.logging, loggingName(child.logging)),
  };
}

/** What a child layer asks for beyond its parent (ignored by `narrow`); the admin API refuses such documents. */
export function findWidening(parent: EffectivePolicy, child: PolicyRules__Output | null | undefined): string[] {
  if (!child) return [];
  const problems: string[] = [];
  const parentModels = parent.approvedModels;
  if (parentModels !== null) {
    for (const model of child.approvedModels?.values ?? []) {
      if (!parentModels.has(model)) problems.push(`model '${model}' is not approved by the parent policy`);
    }
  }
  for (const region of child.allowedRegions?.values ?? []) {
    if (!regionAllowed(parent.allowedRegions, region)) problems.push(`region '${region}' is outside the parent policy's regions`);
  }
  const limits: [string, number | null, number | undefined][] = [
    ['tenantRateLimit.requestsPerMinute', parent.tenantRateLimit.requestsPerMinute, child.tenantRateLimit?.requestsPerMinute],
    ['tenantRateLimit.tokensPerMinute', parent.tenantRateLimit.tokensPerMinute, child.tenantRateLimit?.tokensPerMinute],
    ['keyRateLimit.requestsPerMinute', parent.keyRateLimit.requestsPerMinute, child.keyRateLimit?.requestsPerMinute],
    ['keyRateLimit.tokensPerMinute', parent.keyRateLimit.tokensPerMinute, child.keyRateLimit?.tokensPerMinute],
    ['maxTokensPerRequest', parent.maxTokensPerRequest, child.maxTokensPerRequest],
  ];
  for (const [name, mine, theirs] of limits) {
    if (mine !== null && theirs !== undefined && theirs > mine) problems.push(`${name} ${theirs} exceeds the parent's ${mine}`);
  }
  for (const kind of PII_KINDS) {
    const asked = piiActionName(child.guardrails?.pii?.[piiField(kind)]);
    if (asked !== null && PII_ACTIONS.indexOf(asked) < PII_ACTIONS.indexOf(parent.pii[kind])) {
      problems.push(`pii.${kind} '${asked}' is weaker than the parent's '${parent.pii[kind]}'`);
    }
  }
  const logging = loggingName(child.logging);
  if (logging !== null && LOGGING_LEVELS.indexOf(logging) < LOGGING_LEVELS.indexOf(parent.logging)) {
    problems.push(`logging '${logging}' is less restrictive than the parent's '${parent.logging}'`);
  }
  return problems;
}

function intersectModels(parent: ReadonlySet<string> | null, child: readonly string[]): ReadonlySet<string> {
  return new Set(parent === null ? child : child.filter((m) => parent.has(m)));
}

function narrowRate(parent: RateLimitPair, child: RateLimit__Output | null): RateLimitPair {
  if (!child) return parent;
  return {
    requestsPerMinute: minLimit(parent.requestsPerMinute, child.requestsPerMinute),
    tokensPerMinute: minLimit(parent.tokensPerMinute, child.tokensPerMinute),
  };
}

/** A proto3 `optional` limit: absent = inherit. */
function minLimit(parent: number | null, child: number | undefined): number | null {
  if (child === undefined) return parent;
  return parent === null ? child : Math.min(parent, child);
}

function union(parent: readonly string[], child: readonly string[]): readonly string[] {
  if (child.length === 0) return parent;
  return [...new Set([...parent, ...child])];
}

function narrowPii(parent: EffectivePolicy['pii'], child: PolicyRules__Output): EffectivePolicy['pii'] {
  const rules = child.guardrails?.pii;
  if (!rules) return parent;
  const out = { ...parent };
  for (const kind of PII_KINDS) out[kind] = stricter(PII_ACTIONS, parent[kind], piiActionName(rules[piiField(kind)]));
  return out;
}

function stricter<T extends string>(order: readonly T[], parent: T, child: T | null): T {
  return child !== null && order.indexOf(child) > order.indexOf(parent) ? child : parent;
}

export function piiField(kind: PiiKind): 'email' | 'phone' | 'card' | 'iban' | 'nationalId' {
  return kind === 'national_id' ? 'nationalId' : kind;
}

/** Proto enum name → action; UNSPECIFIED (or unknown) = inherit. */
export function piiActionName(value: string | undefined): PiiActionName | null {
  switch (value) {
    case 'PII_ACTION_OFF': return 'off';
    case 'PII_ACTION_REDACT': return 'redact';
    case 'PII_ACTION_BLOCK': return 'block';
    default: return null;
  }
}

export function loggingName(value: string | undefined): LoggingLevelName | null {
  switch (value) {
    case 'LOGGING_LEVEL_FULL': return 'full';
    case 'LOGGING_LEVEL_METADATA': return 'metadata';
    case 'LOGGING_LEVEL_NONE': return 'none';
    default: return null;
  }
}

export function loggingEnum(level: LoggingLevelName): 'LOGGING_LEVEL_FULL' | 'LOGGING_LEVEL_METADATA' | 'LOGGING_LEVEL_NONE' {
  return level === 'full' ? 'LOGGING_LEVEL_FULL' : level === 'metadata' ? 'LOGGING_LEVEL_METADATA' : 'LOGGING_LEVEL_NONE';
}

export function piiActionEnum(action: PiiActionName): 'PII_ACTION_OFF' | 'PII_ACTION_REDACT' | 'PII_ACTION_BLOCK' {
  return action === 'off' ? 'PII_ACTION_OFF' : action === 'redact' ? 'PII_ACTION_REDACT' : 'PII_ACTION_BLOCK';
}
