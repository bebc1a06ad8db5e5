import { Injectable } from '@nestjs/common';
import { GatewayError } from '@asc/errors';
import { prepareEmbeddings } from '@asc/providers';
import { resolveCandidates } from '../routing/model-resolver';
import { UpstreamClient } from '../upstream/upstream-client';
import { UsageRecorder } from '../usage/usage-recorder';
import type { RequestContext } from './request-context';
import { elapsedMs } from './timing';

/** `POST /v1/embeddings`: unary, with the same candidate hand-over as chat. */
@Injectable()
export class EmbeddingsProxyService {
  constructor(
    private readonly upstream: UpstreamClient,
    private readonly usage: UsageRecorder,
  ) {}

  async handle(ctx: RequestContext): Promise<void> {
    const candidates = resolveCandidates(ctx.principal, ctx.model, 'embeddings');
    const attempts: { deploymentId: string; error?: string; httpStatus?: number }[] = [];
    let lastError: unknown;
    for (const candidate of candidates) {
      const exchange = prepareEmbeddings({ body: ctx.body, target: candidate.target, clientModel: ctx.model });
      try {
        const response = await this.upstream.send({ provider: candidate.target.provider, request: exchange.request, signal: ctx.signal });
        const text = await response.body.text();
        if (response.status >= 400) {
          const error = exchange.decodeError({ status: response.status, bodyText: text, headers: response.headers });
          attempts.push({ deploymentId: candidate.deploymentId, error: error.code, httpStatus: response.status });
          lastError = error;
          if (error.retryable) continue;
          break;
        }
        attempts.push({ deploymentId: candidate.deploymentId, httpStatus: response.status });
        const { body, usage } = exchange.decodeResponse(text);
        ctx.reply.code(200).header('content-type', 'application/json').header('x-request-id', ctx.requestId).send(body);
        const latencyMs = elapsedMs(ctx.startedAt);
        this.usage.record(ctx, { status: 'succeeded', httpStatus: 200, streamed: false, served: candidate, attempts, usage, latencyMs, timeToFirstTokenMs: latencyMs });
        return;
      } catch (error) {
        attempts.push({ deploymentId: candidate.deploymentId, error: GatewayError.is(error) ? error.code : 'ABORTED' });
        lastError = error;
        if (ctx.signal.aborted) break;
      }
    }
    this.usage.record(ctx, {
      status: ctx.signal.aborted ? 'cancelled' : 'failed',
      httpStatus: GatewayError.is(lastError) ? lastError.httpStatus : 502,
      streamed: false,
      served: undefined,
      attempts,
      usage: undefined,
      latencyMs: elapsedMs(ctx.startedAt),
      timeToFirstTokenMs: undefined,
      errorCode: GatewayError.is(lastError) ? lastError.code : 'ABORTED',
    });
    throw lastError;
  }
}
