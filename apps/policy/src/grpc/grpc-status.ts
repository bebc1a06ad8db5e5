import { Logger } from '@nestjs/common';
import { status, type ServiceError } from '@grpc/grpc-js';
import { CheckRejected } from '../decisions/decision.service';

const logger = new Logger('gRPC');

/** Rejections become their gRPC status with the message; anything else is INTERNAL with a generic message. */
export function toServiceError(error: unknown): Partial<ServiceError> {
  if (error instanceof CheckRejected) return { code: status[error.kind], details: error.message, message: error.message };
  logger.error(`unexpected error: ${(error as Error).stack ?? String(error)}`);
  return { code: status.INTERNAL, details: 'Internal error.', message: 'Internal error.' };
}
