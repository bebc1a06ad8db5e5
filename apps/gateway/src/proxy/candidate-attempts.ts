import { GatewayError, type ProviderError } from '@asc/errors';
import type { UpstreamErrorResponse, UpstreamRequest } from '@asc/providers';
import type { RouteCandidate } from '../config-snapshot/snapshot';
import type { UpstreamClient } from '../upstream/upstream-client';
import { toUpstreamError } from '../upstream/upstream-client';
import type { UpstreamCall, UpstreamHead } from '../upstream/upstream-call';
import type { RequestAttempt } from './outcome';
import type { RequestContext } from './request-context';

export interface Exchange {
  readonly request: UpstreamRequest;
  decodeError(args: UpstreamErrorResponse): ProviderError;
}

export type AttemptResult<E extends Exchange> =
  | { ok: true; candidate: RouteCandidate; exchange: E; call: UpstreamCall; head: UpstreamHead; attempts: RequestAttempt[] }
  | { ok: false; error: unknown; lastTried: RouteCandidate | undefined; attempts: RequestAttempt[] };

/**
 * Tries the candidates in order until one answers 2xx. A candidate that fails before any byte reached the
 * client (connection error, timeout, retryable status such as 429/5xx) hands over to the next; a non-retryable
 * answer (e.g. 400) is final. Nothing has been written to the client when this returns.
 */
export async function attemptCandidates<E extends Exchange>(
  ctx: RequestContext,
  candidates: readonly RouteCandidate[],
  upstream: UpstreamClient,
  prepare: (candidate: RouteCandidate) => E,
): Promise<AttemptResult<E>> {
  const attempts: RequestAttempt[] = [];
  let lastError: unknown;
  let lastTried: RouteCandidate | undefined;
  for (const candidate of candidates) {
    if (ctx.cancelled) break;
    lastTried = candidate;
    const exchange = prepare(candidate);
    const call = upstream.start(exchange.request);
    ctx.upstream = call;
    let head: UpstreamHead;
    try {
      head = await call.head;
    } catch (error) {
      lastError = toUpstreamError(candidate.target.provider, error);
      attempts.push({ deploymentId: candidate.deploymentId, error: GatewayError.is(lastError) ? lastError.code : 'CLIENT_CANCELLED' });
      continue;
    }
    if (head.status < 400) {
      attempts.push({ deploymentId: candidate.deploymentId, httpStatus: head.status });
      return { ok: true, candidate, exchange, call, head, attempts };
    }
    let bodyText = '';
    try {
      bodyText = await call.text();
    } catch {
      // The status says enough; a broken error body must not hide it.
    }
    const error = exchange.decodeError({ status: head.status, bodyText, headers: head.headers });
    attempts.push({ deploymentId: candidate.deploymentId, error: error.code, httpStatus: head.status });
    lastError = error;
    if (!error.retryable) break;
  }
  return { ok: false, error: lastError, lastTried, attempts };
}
