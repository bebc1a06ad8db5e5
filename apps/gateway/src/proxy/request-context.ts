import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ClientDialect } from '@asc/providers';
import type { Principal } from '../auth/principal';

/** Everything one proxied request carries through the handlers. Created per request. */
export interface RequestContext {
  requestId: string;
  dialect: ClientDialect;
  principal: Principal;
  body: Record<string, unknown>;
  model: string;
  startedAt: number;
  req: FastifyRequest;
  reply: FastifyReply;
  /** Aborted when the client disconnects before the response finished. */
  signal: AbortSignal;
}

/** Aborts when the client goes away before the response is complete; cancels the upstream request with it. */
export function clientAbortSignal(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort();
  });
  return controller.signal;
}
