/**
 * `@asc/contracts/policy`: the gRPC contracts of ASC's policy service (`proto/policy/v1/policy.proto`) and of
 * Envoy's external authorization API (`proto/envoy/service/auth/v3/external_auth.proto`). Types are generated
 * (`node proto/generate-types.mjs`); this file only gives them short names and loads the protos with the exact
 * options the generated `__Output` types assume.
 */
import { join } from 'node:path';
import { loadPackageDefinition, type GrpcObject } from '@grpc/grpc-js';
import { loadSync, type Options, type PackageDefinition } from '@grpc/proto-loader';
import type { ProtoGrpcType as PolicyProtoGrpcType } from './generated/policy';
import type { ProtoGrpcType as EnvoyAuthProtoGrpcType } from './generated/external_auth';
import type { ProtoGrpcType as HealthProtoGrpcType } from './generated/health';

export type { PolicyProtoGrpcType, EnvoyAuthProtoGrpcType, HealthProtoGrpcType };

// asc.policy.v1: inputs (permissive, what you send) and outputs (what the loader hands out).
export type { CheckRequest, CheckRequest__Output } from './generated/asc/policy/v1/CheckRequest';
export type { CheckResponse, CheckResponse__Output } from './generated/asc/policy/v1/CheckResponse';
export type { Candidate, Candidate__Output } from './generated/asc/policy/v1/Candidate';
export type { Reason, Reason__Output } from './generated/asc/policy/v1/Reason';
export type { Obligations, Obligations__Output } from './generated/asc/policy/v1/Obligations';
export type { RateLimitStatus, RateLimitStatus__Output } from './generated/asc/policy/v1/RateLimitStatus';
export type { WatchRequest, WatchRequest__Output } from './generated/asc/policy/v1/WatchRequest';
export type { PolicySnapshot, PolicySnapshot__Output } from './generated/asc/policy/v1/PolicySnapshot';
export type { PolicyRules, PolicyRules__Output } from './generated/asc/policy/v1/PolicyRules';
export type { OrganizationPolicy, OrganizationPolicy__Output } from './generated/asc/policy/v1/OrganizationPolicy';
export type { TenantPolicy, TenantPolicy__Output } from './generated/asc/policy/v1/TenantPolicy';
export type { KeyPolicy, KeyPolicy__Output } from './generated/asc/policy/v1/KeyPolicy';
export type { Deployment as PolicyDeployment, Deployment__Output as PolicyDeployment__Output } from './generated/asc/policy/v1/Deployment';
export type { RateLimit, RateLimit__Output } from './generated/asc/policy/v1/RateLimit';
export type { Guardrails, Guardrails__Output } from './generated/asc/policy/v1/Guardrails';
export type { PiiRules, PiiRules__Output } from './generated/asc/policy/v1/PiiRules';
export type { StringList, StringList__Output } from './generated/asc/policy/v1/StringList';
export type { PiiAction, PiiAction__Output } from './generated/asc/policy/v1/PiiAction';
export type { LoggingLevel, LoggingLevel__Output } from './generated/asc/policy/v1/LoggingLevel';
export type { PolicyServiceClient, PolicyServiceHandlers, PolicyServiceDefinition } from './generated/asc/policy/v1/PolicyService';

// envoy.service.auth.v3 (subset; see proto/envoy/README.md)
export type { CheckRequest as EnvoyCheckRequest, CheckRequest__Output as EnvoyCheckRequest__Output } from './generated/envoy/service/auth/v3/CheckRequest';
export type { CheckResponse as EnvoyCheckResponse, CheckResponse__Output as EnvoyCheckResponse__Output } from './generated/envoy/service/auth/v3/CheckResponse';
export type { AuthorizationClient, AuthorizationHandlers } from './generated/envoy/service/auth/v3/Authorization';
export type { AttributeContext__Output } from './generated/envoy/service/auth/v3/AttributeContext';
export type { HeaderValueOption } from './generated/envoy/config/core/v3/HeaderValueOption';

// grpc.health.v1
export type { HealthHandlers, HealthClient } from './generated/grpc/health/v1/Health';
export type { HealthCheckRequest__Output } from './generated/grpc/health/v1/HealthCheckRequest';
export type { HealthCheckResponse, HealthCheckResponse__Output } from './generated/grpc/health/v1/HealthCheckResponse';

/** Snapshot schema this build writes and understands (`PolicySnapshot.schema_version`). */
export const POLICY_SNAPSHOT_SCHEMA_VERSION = 1;

/** The loader options the generated types assume (see proto/generate-types.mjs). */
export const PROTO_LOADER_OPTIONS: Options = { keepCase: false, longs: Number, enums: String, defaults: true, oneofs: true };

/** The repository's `proto/` directory, from `libs/contracts/{src,dist}/policy`. */
export const PROTO_ROOT = join(__dirname, '..', '..', '..', '..', 'proto');

export const POLICY_PROTO_FILE = 'policy/v1/policy.proto';
export const ENVOY_AUTH_PROTO_FILE = 'envoy/service/auth/v3/external_auth.proto';
export const HEALTH_PROTO_FILE = 'grpc/health/v1/health.proto';

export function loadProtoDefinition(file: string | string[]): PackageDefinition {
  return loadSync(file, { ...PROTO_LOADER_OPTIONS, includeDirs: [PROTO_ROOT] });
}

export { withCompiledCheckCodec } from './check-codec';

export function loadPolicyProto(): PolicyProtoGrpcType {
  return loadPackageDefinition(loadProtoDefinition(POLICY_PROTO_FILE)) as GrpcObject as unknown as PolicyProtoGrpcType;
}

export function loadEnvoyAuthProto(): EnvoyAuthProtoGrpcType {
  return loadPackageDefinition(loadProtoDefinition(ENVOY_AUTH_PROTO_FILE)) as GrpcObject as unknown as EnvoyAuthProtoGrpcType;
}

export function loadHealthProto(): HealthProtoGrpcType {
  return loadPackageDefinition(loadProtoDefinition(HEALTH_PROTO_FILE)) as GrpcObject as unknown as HealthProtoGrpcType;
}
