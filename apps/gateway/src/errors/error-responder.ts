import type { FastifyReply, FastifyRequest } from 'fastify';
import { Logger } from '@nestjs/common';
import { renderError } from '@asc/providers';
import { dialectOfUrl } from './dialect-of';
import { toGatewayError } from './to-gateway-error';

const logger = new Logger('Errors');

/**
 * Writes an error in the caller's dialect (OpenAI or Anthropic shape, right status and headers). Shared by the
 * Nest exception filter and Fastify's own error handler (body parsing and limits fail before Nest runs).
 */
export function sendError(request: FastifyRequest, reply: FastifyReply, thrown: unknown): void {
  const error = toGatewayError(thrown);
  if (error.httpStatus >= 500 && error.code === 'INTERNAL') {
    logger.error(`Unhandled error on ${request.method} ${request.url.split('?')[0]}: ${describe(thrown)}`);
  }
  if (reply.sent || reply.raw.headersSent) {
    // A stream already started; the relay ends it with an in-band error. Nothing else can be said here.
    if (!reply.raw.writableEnded) reply.raw.end();
    return;
  }
  const rendered = renderError(dialectOfUrl(request.url), error);
  void reply.code(rendered.status).headers(rendered.headers).header('content-type', 'application/json').send(rendered.body);
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
