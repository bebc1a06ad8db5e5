export { ConfigError, parseEnv, envInt, envBool, envList, envSecret, type Env } from './env';
export { loadGatewayConfig, type GatewayConfig } from './gateway-config';
