export { GatewayError, isRetryableStatus, type ErrorCode, type GatewayErrorOptions } from './gateway-error';
export * from './errors';
