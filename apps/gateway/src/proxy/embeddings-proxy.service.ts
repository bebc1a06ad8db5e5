import { Injectable } from '@nestjs/common';
import { prepareEmbeddings, type Usage } from '@asc/providers';
import { RouteExecutor } from '../routing/route-executor';
import { RequestAdmission } from './request-admission';
import { UsageRecorder } from '../usage/usage-recorder';
import { unservedOutcome } from './outcome';
import { ClientCancelledError, type RequestContext } from './request-context';
import { elapsedMs } from './timing';

/** `POST /v1/embeddings`: unary, with the same candidate hand-over as chat. */
@Injectable()
export class EmbeddingsProxyService {
  constructor(
    private readonly routes: RouteExecutor,
    private readonly admission: RequestAdmission,
    private readonly usage: UsageRecorder,
  ) {}

  async handle(ctx: RequestContext): Promise<void> {
    const { candidates, routing: policy } = await this.admission.admit(ctx, 'embeddings');
    const result = await this.routes.run({ ctx, candidates, policy, streamed: false, prepare: (candidate) =>
      prepareEmbeddings({ body: ctx.body, target: candidate.target, clientModel: ctx.model }),
    });
    if (!result.ok) {
      const error = ctx.cancelled ? new ClientCancelledError() : result.error;
      this.usage.record(ctx, unservedOutcome({ error, cancelled: ctx.cancelled, streamed: false, attempts: result.attempts, latencyMs: elapsedMs(ctx.startedAt) }));
      throw error;
    }
    let decoded: { body: string; usage: Usage };
    try {
      decoded = result.exchange.decodeResponse(await result.call.text());
    } finally {
      result.finish();
    }
    const { body, usage } = decoded;
    ctx.res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': ctx.requestId });
    ctx.res.end(body);
    const latencyMs = elapsedMs(ctx.startedAt);
    this.usage.record(ctx, { status: 'succeeded', httpStatus: 200, streamed: false, served: result.candidate, attempts: result.attempts, usage, latencyMs, timeToFirstTokenMs: latencyMs });
  }
}
