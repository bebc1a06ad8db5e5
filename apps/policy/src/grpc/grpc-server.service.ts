import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { loadPackageDefinition, Server, ServerCredentials, type GrpcObject } from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import {
  ENVOY_AUTH_PROTO_FILE,
  HEALTH_PROTO_FILE,
  POLICY_PROTO_FILE,
  PROTO_ROOT,
  loadProtoDefinition,
  withCompiledCheckCodec,
  type EnvoyAuthProtoGrpcType,
  type HealthProtoGrpcType,
  type PolicyProtoGrpcType,
} from '@asc/contracts/policy';
import { DecisionService } from '../decisions/decision.service';
import { POLICY_CONFIG, type PolicyConfig } from '../policy-config';
import { PolicySnapshotService } from '../snapshot/policy-snapshot.service';
import { POLICY_METRICS, type PolicyMetrics } from '../telemetry/policy-metrics';
import { envoyAuthorizationHandlers } from './envoy-authz.handlers';
import { healthHandlers } from './health.handlers';
import { policyServiceHandlers, type WatchStreams } from './policy.handlers';

/**
 * The gRPC server (@grpc/grpc-js) inside the Nest app: asc.policy.v1.PolicyService, envoy.service.auth.v3.Authorization,
 * grpc.health.v1.Health and server reflection (v1 and v1alpha), on one port. Starts after the first snapshot load
 * (bootstrap), stops first on shutdown: in-flight calls get a grace period, Watch streams are cancelled.
 */
@Injectable()
export class GrpcServerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('gRPC');
  private server: Server | undefined;
  private shuttingDown = false;
  private boundPort = 0;
  private readonly watchStreams: WatchStreams = new Set();

  constructor(
    @Inject(POLICY_CONFIG) private readonly config: PolicyConfig,
    private readonly decisions: DecisionService,
    private readonly snapshots: PolicySnapshotService,
    @Inject(POLICY_METRICS) private readonly metrics: PolicyMetrics,
  ) {}

  /** The bound port (useful with ASC_POLICY_GRPC_PORT=0). */
  get port(): number {
    return this.boundPort;
  }

  async onApplicationBootstrap(): Promise<void> {
    const definition = loadProtoDefinition([POLICY_PROTO_FILE, ENVOY_AUTH_PROTO_FILE, HEALTH_PROTO_FILE]);
    const grpc = loadPackageDefinition(definition) as GrpcObject as unknown as PolicyProtoGrpcType & EnvoyAuthProtoGrpcType & HealthProtoGrpcType;
    // Small messages, many of them: no compression, and keepalive so idle Watch streams survive middleboxes. Channelz
    // (per-call bookkeeping for a debugging service this server does not expose) is off.
    const server = new Server({ 'grpc.keepalive_time_ms': 30_000, 'grpc.keepalive_timeout_ms': 10_000, 'grpc.keepalive_permit_without_calls': 1, 'grpc.enable_channelz': 0 });
    const policyService = withCompiledCheckCodec(grpc.asc.policy.v1.PolicyService.service, PROTO_ROOT, POLICY_PROTO_FILE);
    server.addService(policyService, policyServiceHandlers(this.decisions, this.snapshots, this.watchStreams, this.metrics));
    server.addService(grpc.envoy.service.auth.v3.Authorization.service, envoyAuthorizationHandlers(this.decisions));
    server.addService(grpc.grpc.health.v1.Health.service, healthHandlers(this.snapshots, () => this.shuttingDown));
    // @grpc/reflection is typed against its own proto-loader copy; the package definition shape is the same.
    new ReflectionService(definition as unknown as ConstructorParameters<typeof ReflectionService>[0]).addToServer(server);
    this.boundPort = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`${this.config.ASC_POLICY_HOST}:${this.config.ASC_POLICY_GRPC_PORT}`, ServerCredentials.createInsecure(), (error, port) =>
        error ? reject(error) : resolve(port),
      ),
    );
    this.server = server;
    this.logger.log(`gRPC listening on ${this.config.ASC_POLICY_HOST}:${this.boundPort}`);
  }

  async onApplicationShutdown(): Promise<void> {
    this.shuttingDown = true;
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const stream of [...this.watchStreams]) stream.end();
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => {
        server.forceShutdown();
        resolve();
      }, 2_000);
      server.tryShutdown(() => {
        clearTimeout(force);
        resolve();
      });
    });
  }
}
