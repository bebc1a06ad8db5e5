export { type GatewayConfig } from '@asc/config';
/** Injection token for the typed configuration read once at startup. */
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
