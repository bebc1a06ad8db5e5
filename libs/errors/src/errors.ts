import { GatewayError, type ErrorCode } from './gateway-error';

type Init = { message: string; param?: string; cause?: unknown; headers?: Record<string, string> };

export class InvalidRequestError extends GatewayError {
  constructor(init: Init & { code?: Extract<ErrorCode, 'INVALID_REQUEST' | 'INVALID_JSON'> }) {
    super({ ...init, code: init.code ?? 'INVALID_REQUEST', httpStatus: 400 });
  }
}

export class BodyTooLargeError extends GatewayError {
  constructor(limitBytes?: number) {
    const limit = limitBytes ? ` of ${limitBytes} bytes` : '';
    super({ message: `The request body exceeds the size limit${limit}.`, code: 'BODY_TOO_LARGE', httpStatus: 413 });
  }
}

export class AuthenticationError extends GatewayError {
  constructor(message = 'Invalid or missing API key.') {
    super({ message, code: 'AUTHENTICATION_FAILED', httpStatus: 401 });
  }
}

export class PermissionDeniedError extends GatewayError {
  constructor(message: string) {
    super({ message, code: 'PERMISSION_DENIED', httpStatus: 403 });
  }
}

export class NotFoundError extends GatewayError {
  constructor(message: string) {
    super({ message, code: 'NOT_FOUND', httpStatus: 404 });
  }
}

export class ModelNotFoundError extends GatewayError {
  constructor(model: string) {
    super({
      message: `The model '${model}' does not exist or your key has no access to it.`,
      code: 'MODEL_NOT_FOUND',
      httpStatus: 404,
      param: 'model',
    });
  }
}

export class PolicyDeniedError extends GatewayError {
  readonly reasons: readonly string[];
  constructor(init: { message: string; reasons: readonly string[]; headers?: Record<string, string> }) {
    super({ message: init.message, code: 'POLICY_DENIED', httpStatus: 403, ...(init.headers ? { headers: init.headers } : {}) });
    this.reasons = init.reasons;
  }
}

export class RateLimitedError extends GatewayError {
  constructor(init: { message: string; headers?: Record<string, string> }) {
    super({ ...init, code: 'RATE_LIMITED', httpStatus: 429 });
  }
}

export class QuotaExceededError extends GatewayError {
  constructor(init: { message: string; headers?: Record<string, string> }) {
    super({ ...init, code: 'QUOTA_EXCEEDED', httpStatus: 429, retryable: false });
  }
}

/** An upstream provider answered with an error. `httpStatus` is the upstream status, mapped to the caller's dialect. */
export class ProviderError extends GatewayError {
  readonly provider: string;
  readonly upstreamStatus: number;
  /** Truncated upstream body, for logs and audit only: never sent to clients verbatim unless `exposeMessage`. */
  readonly upstreamBody: string;
  constructor(init: {
    provider: string;
    upstreamStatus: number;
    message: string;
    upstreamBody?: string;
    headers?: Record<string, string>;
    cause?: unknown;
  }) {
    super({
      message: init.message,
      code: 'PROVIDER_ERROR',
      httpStatus: mapUpstreamStatus(init.upstreamStatus),
      retryable: undefined,
      headers: init.headers,
      cause: init.cause,
    });
    this.provider = init.provider;
    this.upstreamStatus = init.upstreamStatus;
    this.upstreamBody = (init.upstreamBody ?? '').slice(0, 2048);
  }
}

export class ProviderTimeoutError extends GatewayError {
  readonly provider: string;
  constructor(init: { provider: string; message?: string; cause?: unknown }) {
    super({ message: init.message ?? `The upstream provider '${init.provider}' timed out.`, code: 'PROVIDER_TIMEOUT', httpStatus: 504, cause: init.cause, retryable: true });
    this.provider = init.provider;
  }
}

export class ProviderUnavailableError extends GatewayError {
  readonly provider: string;
  constructor(init: { provider: string; message?: string; cause?: unknown }) {
    super({ message: init.message ?? `The upstream provider '${init.provider}' could not be reached.`, code: 'PROVIDER_UNAVAILABLE', httpStatus: 502, cause: init.cause, retryable: true });
    this.provider = init.provider;
  }
}

/**
 * The central policy service could not decide (unreachable, timed out, or not ready) while the gateway runs in
 * remote decision mode: the request is refused rather than served undecided (fail closed).
 */
export class PolicyUnavailableError extends GatewayError {
  constructor(cause?: unknown) {
    super({ message: 'The policy service could not be reached to decide on this request; it was not sent. Retry later.', code: 'POLICY_UNAVAILABLE', httpStatus: 503, cause, retryable: true });
  }
}

/** The upstream stream failed after the first bytes reached the client; it must end with an error event. */
export class StreamInterruptedError extends GatewayError {
  constructor(init: { message: string; cause?: unknown }) {
    super({ ...init, code: 'STREAM_INTERRUPTED', httpStatus: 502, retryable: false });
  }
}

export class InternalError extends GatewayError {
  constructor(cause?: unknown) {
    super({ message: 'Internal server error.', code: 'INTERNAL', httpStatus: 500, exposeMessage: false, cause });
  }
}

/**
 * Upstream status -> status the gateway answers with. Client errors keep their class; auth failures of the
 * gateway's own provider credential are a gateway-side fault (502), not the caller's 401.
 */
export function mapUpstreamStatus(status: number): number {
  switch (status) {
    case 400: case 404: case 408: case 409: case 413: case 422: case 429:
      return status === 422 ? 400 : status;
    case 401: case 403:
      return 502;
    default:
      if (status >= 500) return status === 529 ? 503 : status >= 600 ? 502 : status;
      if (status >= 400) return 400;
      return 502;
  }
}
