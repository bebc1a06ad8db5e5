import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { GatewayError } from '@asc/errors';

/**
 * Every error of the audit API as `{ error: { code, message } }`. GatewayErrors carry their own status and say
 * whether the message may be shown; Nest's own HTTP errors (unknown route, …) keep their status; anything else is
 * a generic 500 and is logged.
 */
@Catch()
export class AuditExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('AuditApi');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (GatewayError.is(exception)) {
      const message = exception.exposeMessage ? exception.message : 'Request failed.';
      void reply.status(exception.httpStatus).send({ error: { code: exception.code, message, ...(exception.param ? { param: exception.param } : {}) } });
      return;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      void reply.status(status).send({ error: { code: status === 404 ? 'NOT_FOUND' : 'INVALID_REQUEST', message: exception.message } });
      return;
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    void reply.status(500).send({ error: { code: 'INTERNAL', message: 'Internal error.' } });
  }
}
