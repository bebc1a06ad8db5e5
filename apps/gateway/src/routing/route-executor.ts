import { Injectable } from '@nestjs/common';
import { GatewayError, ProviderTimeoutError } from '@asc/errors';
import type { UpstreamErrorResponse, UpstreamRequest } from '@asc/providers';
import type { ProviderError } from '@asc/errors';
import type { RouteCandidate } from '../config-snapshot/snapshot';
import type { RequestAttempt } from '../proxy/outcome';
import type { RequestContext } from '../proxy/request-context';
import { UpstreamClient, toUpstreamError } from '../upstream/upstream-client';
import type { UpstreamCall, UpstreamHead } from '../upstream/upstream-call';
import { balance } from './balance';
import { classifyFailure } from './classify-failure';
import { DeploymentHealth } from './deployment-health';
import { retryDelayMs } from './retry-delay';
import type { RoutingPolicy } from './routing-policy';

export interface Exchange {
  readonly request: UpstreamRequest;
  decodeError(args: UpstreamErrorResponse): ProviderError;
}

export type RouteResult<E extends Exchange> =
  | { ok: true; candidate: RouteCandidate; exchange: E; call: UpstreamCall; head: UpstreamHead; attempts: RequestAttempt[]; finish: () => void }
  | { ok: false; error: unknown; lastTried: RouteCandidate | undefined; attempts: RequestAttempt[] };

/**
 * Runs a request's attempts until one answers: candidates in balanced order, retries on the same deployment with
 * backoff (honouring `retry-after`), fallback to the next deployment on the conditions the routing policy names,
 * circuit breakers skipping deployments that are down, a total deadline, and for streams a time-to-first-token
 * deadline. All of it happens before the first byte reaches the client; after that there is no going back.
 * Every attempt is recorded and summarised in the `x-asc-route` response header.
 */
@Injectable()
export class RouteExecutor {
  constructor(
    private readonly upstream: UpstreamClient,
    private readonly health: DeploymentHealth,
  ) {}

  async run<E extends Exchange>(args: {
    ctx: RequestContext;
    candidates: readonly RouteCandidate[];
    policy: RoutingPolicy;
    streamed: boolean;
    prepare: (candidate: RouteCandidate) => E;
  }): Promise<RouteResult<E>> {
    const { ctx, policy } = args;
    const deadline = ctx.startedAt + policy.totalDeadlineMs;
    const ordered = balance(args.candidates, policy.strategy, (id) => this.health.inFlight(id));
    const attempts: RequestAttempt[] = [];
    let lastError: unknown;
    let lastTried: RouteCandidate | undefined;

    candidates: for (const candidate of ordered) {
      const breaker = this.health.breaker(candidate.deploymentId);
      for (let retry = 0; retry <= policy.maxRetries; retry++) {
        if (ctx.cancelled) break candidates;
        const remaining = deadline - performance.now();
        if (remaining <= 0) {
          lastError ??= new ProviderTimeoutError({ provider: candidate.target.provider, message: 'The request deadline passed before any deployment answered.' });
          break candidates;
        }
        if (!breaker.tryAcquire()) {
          attempts.push({ deploymentId: candidate.deploymentId, error: 'CIRCUIT_OPEN' });
          continue candidates;
        }
        lastTried = candidate;
        const outcome = await this.attempt(ctx, candidate, args.prepare(candidate), remaining, args.streamed ? policy.ttftDeadlineMs : undefined);
        attempts.push(outcome.record);
        setRouteHeader(ctx, attempts);
        if (outcome.ok) {
          breaker.record({ ok: true, latencyMs: outcome.latencyMs });
          const id = candidate.deploymentId;
          return { ok: true, candidate, exchange: outcome.exchange, call: outcome.call, head: outcome.head, attempts, finish: () => this.health.finished(id) };
        }
        lastError = outcome.error;
        if (ctx.cancelled) {
          breaker.release();
          break candidates;
        }
        const { condition, countsAgainstDeployment } =
          outcome.record.error === 'TTFT_TIMEOUT' ? { condition: 'ttft_timeout' as const, countsAgainstDeployment: true } : classifyFailure(outcome.error);
        breaker.record({ ok: !countsAgainstDeployment });
        if (condition === undefined || !policy.fallbackOn.has(condition)) break candidates;
        if (retry === policy.maxRetries) continue candidates;
        const delay = retryDelayMs({ attempt: retry, baseMs: policy.retryBaseMs, maxMs: policy.retryMaxMs, retryAfter: outcome.retryAfter });
        // Waiting past the deadline is pointless: move on to the next deployment instead.
        if (performance.now() + delay >= deadline) continue candidates;
        await sleep(delay);
      }
    }
    return { ok: false, error: lastError, lastTried, attempts };
  }

  private async attempt<E extends Exchange>(
    ctx: RequestContext,
    candidate: RouteCandidate,
    exchange: E,
    remainingMs: number,
    ttftDeadlineMs: number | undefined,
  ): Promise<
    | { ok: true; exchange: E; call: UpstreamCall; head: UpstreamHead; record: RequestAttempt; latencyMs: number }
    | { ok: false; error: unknown; record: RequestAttempt; retryAfter: string | string[] | undefined }
  > {
    const started = performance.now();
    const id = candidate.deploymentId;
    ctx.trace.startAttempt({
      operation: ctx.req.url?.startsWith('/v1/embeddings') ? 'embeddings' : 'chat',
      provider: candidate.target.provider,
      requestModel: candidate.target.upstreamModel,
      stream: ctx.body.stream === true,
      headers: exchange.request.headers,
    });
    // A stream's time-to-first-token deadline also bounds the wait for the response headers.
    const headersBudget = Math.min(remainingMs, ttftDeadlineMs ?? this.upstream.headersTimeoutMs);
    const call = this.upstream.start(exchange.request, { headersTimeoutMs: Math.max(1, Math.floor(headersBudget)) });
    ctx.upstream = call;
    this.health.started(id);
    let succeeded = false;
    try {
      let head: UpstreamHead;
      try {
        head = await call.head;
      } catch (error) {
        const failure = toUpstreamError(candidate.target.provider, error);
        const ttftMissed = ttftDeadlineMs !== undefined && headersBudget === ttftDeadlineMs && failure instanceof ProviderTimeoutError;
        const code = ttftMissed ? 'TTFT_TIMEOUT' : GatewayError.is(failure) ? failure.code : 'CLIENT_CANCELLED';
        return { ok: false, error: failure, record: { deploymentId: id, error: code }, retryAfter: undefined };
      }
      if (head.status >= 400) {
        let bodyText = '';
        try {
          bodyText = await call.text();
        } catch {
          // The status says enough; a broken error body must not hide it.
        }
        const error = exchange.decodeError({ status: head.status, bodyText, headers: head.headers });
        return { ok: false, error, record: { deploymentId: id, error: error.code, httpStatus: head.status }, retryAfter: head.headers['retry-after'] };
      }
      if (ttftDeadlineMs !== undefined) {
        const budget = Math.min(ttftDeadlineMs - (performance.now() - started), remainingMs);
        if (!(await call.waitForFirstData(Math.max(0, budget)))) {
          call.abort(new Error('time-to-first-token deadline'));
          const error = new ProviderTimeoutError({ provider: candidate.target.provider, message: `No first token within ${ttftDeadlineMs} ms.` });
          return { ok: false, error, record: { deploymentId: id, error: 'TTFT_TIMEOUT', httpStatus: head.status }, retryAfter: undefined };
        }
      }
      succeeded = true;
      return { ok: true, exchange, call, head, record: { deploymentId: id, httpStatus: head.status }, latencyMs: performance.now() - started };
    } finally {
      // A served request stays in flight until its response is complete (the caller calls `finish`).
      if (!succeeded) {
        this.health.finished(id);
        ctx.trace.failAttempt(new Error('attempt failed'));
      }
    }
  }
}

function setRouteHeader(ctx: RequestContext, attempts: readonly RequestAttempt[]): void {
  if (ctx.res.headersSent) return;
  ctx.res.setHeader('x-asc-route', attempts.map((a) => `${a.deploymentId}:${a.httpStatus ?? a.error ?? '-'}`).join(','));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
