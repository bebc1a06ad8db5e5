/**
 * Control-API behaviour rules and the resolution of a request's effective behaviour.
 * One instance per mock server; Node runs it on one thread, so `times` counting needs no locking.
 */
import type { Behavior, BehaviorMatch, BehaviorRule, Dialect, FailureMode, Operation } from '../types';
import { createRng, type Rng } from './rng';

const DEFAULT_SEED = 1;

interface StoredRule {
  id: number;
  match: BehaviorMatch;
  behavior: Behavior;
  remaining: number | null;
  rng: Rng;
}

export interface RequestTarget {
  label: string | null;
  model: string | null;
  dialect: Dialect;
  operation: Operation;
}

function matches(match: BehaviorMatch, target: RequestTarget): boolean {
  return (
    (match.label === undefined || match.label === target.label) &&
    (match.model === undefined || match.model === target.model) &&
    (match.dialect === undefined || match.dialect === target.dialect) &&
    (match.operation === undefined || match.operation === target.operation)
  );
}

function failureToBehavior(mode: FailureMode): Behavior {
  return typeof mode === 'number' ? { status: mode } : mode;
}

export class BehaviorRules {
  private rules: StoredRule[] = [];
  private nextId = 1;
  private defaultsRng: Rng;

  constructor(private readonly defaults: Behavior = {}) {
    this.defaultsRng = createRng(defaults.seed ?? DEFAULT_SEED);
  }

  add(rule: BehaviorRule): number {
    const id = this.nextId++;
    this.rules.push({
      id,
      match: rule.match ?? {},
      behavior: rule.behavior,
      remaining: rule.times === undefined ? null : rule.times,
      rng: createRng(rule.behavior.seed ?? DEFAULT_SEED),
    });
    return id;
  }

  clear(): void {
    this.rules = [];
  }

  list(): Array<BehaviorRule & { id: number }> {
    return this.rules.map((r) => ({
      id: r.id,
      match: r.match,
      behavior: r.behavior,
      ...(r.remaining === null ? {} : { times: r.remaining }),
    }));
  }

  /** Merges defaults, matching rules (consuming their `times`) and in-band directives, then rolls `failRate`. */
  resolve(target: RequestTarget, inBand: Behavior | null): Behavior {
    let merged: Behavior = this.defaults;
    let rng = this.defaultsRng;
    if (this.rules.length > 0) {
      merged = { ...merged };
      for (const rule of this.rules) {
        if (!matches(rule.match, target)) continue;
        Object.assign(merged, rule.behavior);
        if (rule.behavior.failRate !== undefined) rng = rule.rng;
        if (rule.remaining !== null) rule.remaining--;
      }
      this.rules = this.rules.filter((r) => r.remaining === null || r.remaining > 0);
    }
    if (inBand) merged = { ...merged, ...inBand };
    const { failRate, failWith } = merged;
    if (failRate && failRate > 0 && failWith && failWith.length > 0 && rng() < failRate) {
      const mode = failWith[Math.floor(rng() * failWith.length)] ?? failWith[0];
      if (mode !== undefined) merged = { ...merged, ...failureToBehavior(mode) };
    }
    return merged;
  }
}
