import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { GatewayError } from '@asc/errors';
import { ZodError } from 'zod';
import { CheckRejected } from '../decisions/decision.service';

const CHECK_STATUS = { INVALID_ARGUMENT: 400, NOT_FOUND: 404, UNAVAILABLE: 503 } as const;

/** The one place admin HTTP errors are rendered: `{ error: { code, message } }`; unknown errors become a generic 500. */
@Catch()
export class AdminExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('AdminApi');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { status, code, message } = this.describe(exception);
    void reply.code(status).header('content-type', 'application/json').send({ error: { code, message } });
  }

  private describe(exception: unknown): { status: number; code: string; message: string } {
    if (GatewayError.is(exception)) return { status: exception.httpStatus, code: exception.code, message: exception.exposeMessage ? exception.message : 'Request failed.' };
    if (exception instanceof CheckRejected) return { status: CHECK_STATUS[exception.kind], code: exception.kind, message: exception.message };
    if (exception instanceof ZodError) return { status: 400, code: 'INVALID_REQUEST', message: exception.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
    if (exception instanceof HttpException) return { status: exception.getStatus(), code: exception.getStatus() === 404 ? 'NOT_FOUND' : exception.getStatus() === 503 ? 'UNAVAILABLE' : 'INVALID_REQUEST', message: exception.message };
    this.logger.error(`unexpected error: ${(exception as Error).stack ?? String(exception)}`);
    return { status: 500, code: 'INTERNAL_ERROR', message: 'Internal error.' };
  }
}
