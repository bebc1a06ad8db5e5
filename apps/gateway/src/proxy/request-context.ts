import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ClientDialect } from '@asc/providers';
import type { Decision } from '@asc/policy';
import type { Reservation } from '@asc/budget';
import type { Principal } from '../auth/principal';
import type { UpstreamCall } from '../upstream/upstream-call';
import type { RequestTrace } from '../telemetry/request-trace';

/** Everything one proxied request carries through the handlers. Created per request, not shared. */
export interface RequestContext {
  requestId: string;
  dialect: ClientDialect;
  principal: Principal;
  body: Record<string, unknown>;
  model: string;
  /** `performance.now()` when the request arrived. */
  startedAt: number;
  req: IncomingMessage;
  res: ServerResponse;
  /** Set when the client disconnected before the response finished. */
  cancelled: boolean;
  /** The policy decision that admitted the request (absent when no policy service is configured). */
  policy?: Decision;
  /** Budget reservation held while the request runs; settled with the real cost when it finishes. */
  reservation?: Reservation;
  /** Spans of this request (no-ops when tracing is off). */
  trace: RequestTrace;
  /** The upstream attempt in flight; aborted when the client goes away. */
  upstream: UpstreamCall | undefined;
}

export class ClientCancelledError extends Error {
  constructor() {
    super('The client closed the connection.');
    this.name = 'ClientCancelledError';
  }
}

/** Cancels the upstream attempt when the client goes away before the response is complete. */
export function watchClientDisconnect(ctx: RequestContext): void {
  ctx.res.once('close', () => {
    if (ctx.res.writableFinished) return;
    ctx.cancelled = true;
    ctx.upstream?.abort(new ClientCancelledError());
  });
}
