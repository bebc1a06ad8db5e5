import { Injectable } from '@nestjs/common';
import { GatewayError } from '@asc/errors';
import { prepareChat, type ChatExchange } from '@asc/providers';
import type { RouteCandidate } from '../config-snapshot/snapshot';
import { resolveCandidates } from '../routing/model-resolver';
import { UpstreamClient, type UpstreamResponse } from '../upstream/upstream-client';
import { UsageRecorder } from '../usage/usage-recorder';
import type { RequestContext } from './request-context';
import { relayStream } from './stream-relay';
import { elapsedMs } from './timing';

const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' };

/**
 * Chat completions (OpenAI surface) and messages (Anthropic surface): pick a deployment, translate, forward,
 * relay the answer, record usage. A candidate that fails before any byte reached the client (connection error,
 * 429, 5xx) hands over to the next one; after the first byte there is no going back.
 */
@Injectable()
export class ChatProxyService {
  constructor(
    private readonly upstream: UpstreamClient,
    private readonly usage: UsageRecorder,
  ) {}

  async handle(ctx: RequestContext): Promise<void> {
    const candidates = resolveCandidates(ctx.principal, ctx.model, 'chat');
    const attempts: { deploymentId: string; error?: string; httpStatus?: number }[] = [];
    let lastError: unknown;
    for (const candidate of candidates) {
      const exchange = prepareChat({ dialect: ctx.dialect, body: ctx.body, target: candidate.target, clientModel: ctx.model });
      let response: UpstreamResponse;
      try {
        response = await this.upstream.send({ provider: candidate.target.provider, request: exchange.request, signal: ctx.signal });
      } catch (error) {
        attempts.push({ deploymentId: candidate.deploymentId, error: GatewayError.is(error) ? error.code : 'ABORTED' });
        lastError = error;
        if (ctx.signal.aborted) break;
        continue;
      }
      if (response.status >= 400) {
        const error = exchange.decodeError({ status: response.status, bodyText: await response.body.text(), headers: response.headers });
        attempts.push({ deploymentId: candidate.deploymentId, error: error.code, httpStatus: response.status });
        lastError = error;
        if (error.retryable) continue;
        break;
      }
      attempts.push({ deploymentId: candidate.deploymentId, httpStatus: response.status });
      await (exchange.stream ? this.relay(ctx, candidate, exchange, response, attempts) : this.respond(ctx, candidate, exchange, response, attempts));
      return;
    }
    this.usage.record(ctx, {
      status: ctx.signal.aborted ? 'cancelled' : 'failed',
      httpStatus: GatewayError.is(lastError) ? lastError.httpStatus : 502,
      streamed: ctx.body.stream === true,
      served: undefined,
      attempts,
      usage: undefined,
      latencyMs: elapsedMs(ctx.startedAt),
      timeToFirstTokenMs: undefined,
      errorCode: GatewayError.is(lastError) ? lastError.code : 'ABORTED',
    });
    throw lastError;
  }

  private async respond(ctx: RequestContext, served: RouteCandidate, exchange: ChatExchange, response: UpstreamResponse, attempts: RequestAttempts): Promise<void> {
    const { body, usage } = exchange.decodeResponse(await response.body.text());
    ctx.reply.code(200).header('content-type', 'application/json').header('x-request-id', ctx.requestId).send(body);
    const latencyMs = elapsedMs(ctx.startedAt);
    this.usage.record(ctx, { status: 'succeeded', httpStatus: 200, streamed: false, served, attempts, usage, latencyMs, timeToFirstTokenMs: latencyMs });
  }

  private async relay(ctx: RequestContext, served: RouteCandidate, exchange: ChatExchange, response: UpstreamResponse, attempts: RequestAttempts): Promise<void> {
    ctx.reply.hijack();
    const result = await relayStream({
      upstream: response,
      translator: exchange.createStreamTranslator(),
      raw: ctx.reply.raw,
      headers: { ...SSE_HEADERS, 'x-request-id': ctx.requestId },
      signal: ctx.signal,
      startedAt: ctx.startedAt,
    });
    this.usage.record(ctx, {
      status: result.status,
      httpStatus: 200,
      streamed: true,
      served,
      attempts,
      usage: result.usage,
      latencyMs: elapsedMs(ctx.startedAt),
      timeToFirstTokenMs: result.timeToFirstByteMs,
      ...(result.error ? { errorCode: result.error.code } : {}),
    });
  }
}

type RequestAttempts = { deploymentId: string; error?: string; httpStatus?: number }[];
