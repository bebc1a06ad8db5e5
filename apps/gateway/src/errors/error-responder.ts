import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Logger } from '@nestjs/common';
import { renderError, type ClientDialect } from '@asc/providers';
import { dialectOfUrl } from './dialect-of';
import { toGatewayError } from './to-gateway-error';

const logger = new Logger('Errors');

/**
 * Writes an error in the caller's dialect (OpenAI or Anthropic shape, right status and headers) on a raw
 * response — the data plane's proxy endpoints — and ends a response that already started streaming.
 */
export function writeError(dialect: ClientDialect, req: IncomingMessage, res: ServerResponse, thrown: unknown): void {
  const error = toGatewayError(thrown);
  if (error.code === 'INTERNAL') logger.error(`Unhandled error on ${req.method} ${(req.url ?? '').split('?')[0]}: ${describe(thrown)}`);
  if (res.headersSent) {
    // A stream already started; the relay ends it with an in-band error. Nothing else can be said here.
    if (!res.writableEnded) res.end();
    return;
  }
  const rendered = renderError(dialect, error);
  res.writeHead(rendered.status, { ...rendered.headers, 'content-type': 'application/json' });
  res.end(rendered.body);
}

/** The same for requests served by Fastify/Nest (admin API, models, health, unknown routes, parse errors). */
export function sendError(request: FastifyRequest, reply: FastifyReply, thrown: unknown): void {
  const error = toGatewayError(thrown);
  if (error.code === 'INTERNAL') logger.error(`Unhandled error on ${request.method} ${request.url.split('?')[0]}: ${describe(thrown)}`);
  if (reply.sent || reply.raw.headersSent) {
    if (!reply.raw.writableEnded) reply.raw.end();
    return;
  }
  const rendered = renderError(dialectOfUrl(request.url), error);
  void reply.code(rendered.status).headers(rendered.headers).header('content-type', 'application/json').send(rendered.body);
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
