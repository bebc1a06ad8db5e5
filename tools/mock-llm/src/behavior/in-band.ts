/**
 * In-band behaviour directives written in a user message, for tests that cannot reach the control API:
 *   mock:fail=429  mock:fail=500  mock:retry-after=3  mock:reset[=after-first-chunk]  mock:stall[=after-first-chunk]
 *   mock:midstream-error  mock:tool  mock:tokens=50  mock:chunks=4  mock:latency=100  mock:ttft=50
 *   mock:inter-chunk=10  mock:cached=20
 */
import type { Behavior, FailurePoint } from '../types';

const DIRECTIVE = /mock:([a-z-]+)(?:=([A-Za-z0-9._-]+))?/g;

function failurePoint(value: string | undefined): FailurePoint {
  return value === 'after-first-chunk' ? 'after-first-chunk' : 'before-headers';
}

function nonNegativeInt(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

/** Parses every directive in `text`; returns null when there is none (the common, cheap case). */
export function parseInBandDirectives(text: string): Behavior | null {
  if (!text.includes('mock:')) return null;
  const behavior: Behavior = {};
  let found = false;
  for (const [, name, value] of text.matchAll(DIRECTIVE)) {
    switch (name) {
      case 'fail':
        behavior.status = nonNegativeInt(value) ?? 500;
        break;
      case 'retry-after':
        behavior.retryAfterSeconds = nonNegativeInt(value);
        break;
      case 'reset':
        behavior.reset = failurePoint(value);
        break;
      case 'stall':
        behavior.stall = failurePoint(value);
        break;
      case 'midstream-error':
        behavior.midStreamError = true;
        break;
      case 'tool':
        behavior.toolCall = true;
        break;
      case 'tokens':
        behavior.outputTokens = nonNegativeInt(value);
        break;
      case 'chunks':
        behavior.chunks = nonNegativeInt(value);
        break;
      case 'latency':
        behavior.latencyMs = nonNegativeInt(value);
        break;
      case 'ttft':
        behavior.ttftMs = nonNegativeInt(value);
        break;
      case 'inter-chunk':
        behavior.interChunkMs = nonNegativeInt(value);
        break;
      case 'cached':
        behavior.cachedInputTokens = nonNegativeInt(value);
        break;
      default:
        continue; // not a directive of ours, e.g. "mock:" in ordinary prose
    }
    found = true;
  }
  if (!found) return null;
  for (const key of Object.keys(behavior) as (keyof Behavior)[]) {
    if (behavior[key] === undefined) delete behavior[key];
  }
  return behavior;
}
