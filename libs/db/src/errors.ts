import { GatewayError } from '@asc/errors';

/** 409: the mutation clashes with existing state (duplicate slug, credential still in use, key already rotated). */
export class ConflictError extends GatewayError {
  constructor(message: string) {
    super({ message, code: 'INVALID_REQUEST', httpStatus: 409, retryable: false });
  }
}
