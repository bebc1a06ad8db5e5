export { ConfigError, parseEnv, envInt, envBool, envList, envSecret, type Env } from './env';
export { loadGatewayConfig, prefixed, type GatewayConfig } from './gateway-config';
export { loadAuditConfig, type AuditConfig } from './audit-config';
export { loadMeteringConfig, type MeteringConfig } from './metering-config';
export { loadPolicyConfig, type PolicyConfig } from './policy-config';
