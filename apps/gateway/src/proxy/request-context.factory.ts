import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ClientDialect } from '@asc/providers';
import { AuthService } from '../auth/auth.service';
import { asJsonObject, requireModel } from '../surfaces/validate-request';
import { clientAbortSignal, type RequestContext } from './request-context';

/** Authenticates and validates an incoming proxied request, in that order (no body details leak to anonymous callers). */
@Injectable()
export class RequestContextFactory {
  constructor(private readonly auth: AuthService) {}

  create(args: { req: FastifyRequest; reply: FastifyReply; dialect: ClientDialect; validate: (body: Record<string, unknown>) => void }): RequestContext {
    const startedAt = performance.now();
    const principal = this.auth.authenticate(args.req.headers);
    const body = asJsonObject(args.req.body);
    const model = requireModel(body);
    args.validate(body);
    return {
      requestId: randomUUID(),
      dialect: args.dialect,
      principal,
      body,
      model,
      startedAt,
      req: args.req,
      reply: args.reply,
      signal: clientAbortSignal(args.reply),
    };
  }
}
