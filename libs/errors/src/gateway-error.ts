/**
 * The one error base class of ASC. Every error that may reach a client is a GatewayError with a stable `code`;
 * anything else is rendered as a generic 500 by the API surfaces (see `toClientError` in the gateway).
 *
 * Type checks use a marker symbol instead of `instanceof`, so they survive a library loaded twice
 * (e.g. once from `dist/` and once from sources in tests).
 */
const MARKER = Symbol.for('asc.gateway-error');

export type ErrorCode =
  | 'INVALID_REQUEST'
  | 'INVALID_JSON'
  | 'BODY_TOO_LARGE'
  | 'AUTHENTICATION_FAILED'
  | 'PERMISSION_DENIED'
  | 'POLICY_DENIED'
  | 'NOT_FOUND'
  | 'MODEL_NOT_FOUND'
  | 'RATE_LIMITED'
  | 'QUOTA_EXCEEDED'
  | 'PROVIDER_ERROR'
  | 'PROVIDER_TIMEOUT'
  | 'PROVIDER_UNAVAILABLE'
  | 'STREAM_INTERRUPTED'
  | 'OVERLOADED'
  | 'POLICY_UNAVAILABLE'
  | 'INTERNAL';

export interface GatewayErrorOptions {
  message: string;
  code: ErrorCode;
  httpStatus: number;
  retryable?: boolean;
  /** Whether clients may see `message`; otherwise they get a generic text for the status. */
  exposeMessage?: boolean;
  /** Optional machine-readable detail, e.g. the offending parameter name. */
  param?: string;
  /** Extra response headers, e.g. `retry-after` or rate-limit headers. */
  headers?: Record<string, string>;
  cause?: unknown;
}

export class GatewayError extends Error {
  readonly [MARKER] = true;
  readonly code: ErrorCode;
  readonly httpStatus: number;
  readonly retryable: boolean;
  readonly exposeMessage: boolean;
  readonly param: string | undefined;
  readonly headers: Record<string, string>;

  constructor(options: GatewayErrorOptions) {
    super(options.message, { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
    this.httpStatus = options.httpStatus;
    this.retryable = options.retryable ?? isRetryableStatus(options.httpStatus);
    this.exposeMessage = options.exposeMessage ?? true;
    this.param = options.param;
    this.headers = options.headers ?? {};
  }

  static is(value: unknown): value is GatewayError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[MARKER] === true;
  }
}

/** 408, 409, 429 and 5xx are worth retrying (same rule as vercel/ai's APICallError). */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}
