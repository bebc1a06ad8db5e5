import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { GatewayError, InternalError } from '@asc/errors';

/** The one place metering's HTTP errors are rendered: `{ error: { code, message } }` with the error's status. */
@Catch()
export class MeteringExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    let status: number;
    let body: { code: string; message: string };
    if (GatewayError.is(exception)) {
      status = exception.httpStatus;
      body = { code: exception.code, message: exception.exposeMessage ? exception.message : 'Internal server error.' };
    } else if (exception instanceof HttpException) {
      status = exception.getStatus();
      body = { code: status === 404 ? 'NOT_FOUND' : 'INVALID_REQUEST', message: exception.message };
    } else {
      this.logger.error(`unhandled: ${exception instanceof Error ? exception.stack : String(exception)}`);
      const internal = new InternalError(exception);
      status = internal.httpStatus;
      body = { code: internal.code, message: internal.message };
    }
    void reply.code(status).header('content-type', 'application/json').send(JSON.stringify({ error: body }));
  }
}
