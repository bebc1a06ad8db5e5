/** @asc/dev-broker: a single-node, Kafka-wire-compatible development broker. See README.md. */
export { startBroker } from './broker';
export type { BrokerOptions, RunningBroker } from './broker';
export type { BrokerLogger } from './logger';
export { SUPPORTED_VERSIONS } from './protocol/api-keys';
export type { VersionRange } from './protocol/api-keys';
