import { GatewayError } from '@asc/errors';

/**
 * The producer's spool is full and the producer runs `fail-closed`: the event was not accepted. The gateway renders
 * it as 503 and refuses the request, since it could not account for it.
 */
export class SpoolFullError extends GatewayError {
  readonly spoolBytes: number;
  readonly maxBytes: number;
  constructor(init: { spoolBytes: number; maxBytes: number }) {
    super({
      message: 'The event spool is full; the service cannot record usage right now.',
      code: 'OVERLOADED',
      httpStatus: 503,
      retryable: true,
    });
    this.spoolBytes = init.spoolBytes;
    this.maxBytes = init.maxBytes;
  }
}

/** `publish` after `close()` started. */
export class ProducerClosedError extends Error {
  constructor() {
    super('The producer is closed.');
    this.name = 'ProducerClosedError';
  }
}
