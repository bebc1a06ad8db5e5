import { Injectable } from '@nestjs/common';
import { prepareChat, type ChatExchange } from '@asc/providers';
import type { RouteCandidate } from '../config-snapshot/snapshot';
import { RouteExecutor } from '../routing/route-executor';
import { RequestAdmission } from './request-admission';
import type { UpstreamCall } from '../upstream/upstream-call';
import { UsageRecorder } from '../usage/usage-recorder';
import { unservedOutcome, type RequestAttempt } from './outcome';
import { ClientCancelledError, type RequestContext } from './request-context';
import { relayStream } from './stream-relay';
import { elapsedMs } from './timing';

const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' };

/**
 * Chat completions (OpenAI surface) and messages (Anthropic surface): pick a deployment, translate, forward,
 * relay the answer, record usage. After the first byte reached the client there is no going back to another
 * deployment.
 */
@Injectable()
export class ChatProxyService {
  constructor(
    private readonly routes: RouteExecutor,
    private readonly admission: RequestAdmission,
    private readonly usage: UsageRecorder,
  ) {}

  async handle(ctx: RequestContext): Promise<void> {
    const { candidates, routing: policy } = await this.admission.admit(ctx, 'chat');
    const result = await this.routes.run({ ctx, candidates, policy, streamed: ctx.body.stream === true, prepare: (candidate) =>
      prepareChat({ dialect: ctx.dialect, body: ctx.body, target: candidate.target, clientModel: ctx.model }),
    });
    if (!result.ok) {
      const error = ctx.cancelled ? new ClientCancelledError() : result.error;
      this.usage.record(ctx, unservedOutcome({ error, cancelled: ctx.cancelled, streamed: ctx.body.stream === true, attempts: result.attempts, latencyMs: elapsedMs(ctx.startedAt) }));
      throw error;
    }
    const { candidate, exchange, call, attempts } = result;
    try {
      await (exchange.stream ? this.relay(ctx, candidate, exchange, call, attempts) : this.respond(ctx, candidate, exchange, call, attempts));
    } finally {
      result.finish();
    }
  }

  private async respond(ctx: RequestContext, served: RouteCandidate, exchange: ChatExchange, call: UpstreamCall, attempts: RequestAttempt[]): Promise<void> {
    const { body, usage } = exchange.decodeResponse(await call.text());
    ctx.res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': ctx.requestId });
    ctx.res.end(body);
    const latencyMs = elapsedMs(ctx.startedAt);
    this.usage.record(ctx, { status: 'succeeded', httpStatus: 200, streamed: false, served, attempts, usage, latencyMs, timeToFirstTokenMs: latencyMs });
  }

  private async relay(ctx: RequestContext, served: RouteCandidate, exchange: ChatExchange, call: UpstreamCall, attempts: RequestAttempt[]): Promise<void> {
    const result = await relayStream({
      ctx,
      call,
      provider: served.target.provider,
      translator: exchange.createStreamTranslator(),
      headers: { ...SSE_HEADERS, 'x-request-id': ctx.requestId },
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
