import { HttpException } from '@nestjs/common';
import {
  AuthenticationError,
  BodyTooLargeError,
  GatewayError,
  InternalError,
  InvalidRequestError,
  NotFoundError,
} from '@asc/errors';

/**
 * Anything thrown while serving a request → a GatewayError that is safe to show. Known framework errors
 * (Fastify body parsing/limits, Nest's 404) keep their meaning; everything else becomes a generic 500 whose
 * cause is logged, never sent.
 */
export function toGatewayError(error: unknown): GatewayError {
  if (GatewayError.is(error)) return error;
  const fastifyCode = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  switch (fastifyCode) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new BodyTooLargeError();
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new InvalidRequestError({ message: 'Unsupported Content-Type: send the body as application/json.' });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new InvalidRequestError({ message: 'The request body is empty; expected a JSON object.', code: 'INVALID_JSON' });
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new InvalidRequestError({ message: 'Invalid Content-Length header.' });
  }
  if (error instanceof SyntaxError) {
    return new InvalidRequestError({ message: 'We could not parse the JSON body of your request.', code: 'INVALID_JSON' });
  }
  const statusCode = typeof error === 'object' && error !== null ? (error as { statusCode?: unknown }).statusCode : undefined;
  const status = error instanceof HttpException ? error.getStatus() : typeof statusCode === 'number' ? statusCode : undefined;
  if (status === 413) return new BodyTooLargeError();
  if (status !== undefined) {
    if (status === 404) return new NotFoundError('Unknown request URL. Please check the URL and method.');
    if (status === 401) return new AuthenticationError();
    if (status < 500) return new InvalidRequestError({ message: (error as Error).message });
  }
  return new InternalError(error);
}
