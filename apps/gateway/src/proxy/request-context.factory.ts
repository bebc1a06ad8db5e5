import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ClientDialect } from '@asc/providers';
import type { Principal } from '../auth/principal';
import type { RequestTrace } from '../telemetry/request-trace';
import { asJsonObject, requireModel } from '../surfaces/validate-request';
import { watchClientDisconnect, type RequestContext } from './request-context';

/** Validates an authenticated proxied request and builds its context. */
@Injectable()
export class RequestContextFactory {
  create(args: {
    req: IncomingMessage;
    res: ServerResponse;
    dialect: ClientDialect;
    principal: Principal;
    body: unknown;
    startedAt: number;
    trace: RequestTrace;
    validate: (body: Record<string, unknown>) => void;
  }): RequestContext {
    const body = asJsonObject(args.body);
    const model = requireModel(body);
    args.validate(body);
    const ctx: RequestContext = {
      requestId: randomUUID(),
      dialect: args.dialect,
      principal: args.principal,
      body,
      model,
      startedAt: args.startedAt,
      req: args.req,
      res: args.res,
      cancelled: false,
      trace: args.trace,
      upstream: undefined,
    };
    watchClientDisconnect(ctx);
    return ctx;
  }
}
