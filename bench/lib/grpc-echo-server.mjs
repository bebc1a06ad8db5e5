// Baseline for bench/policy-check.mjs: a bare grpc-js server answering asc.policy.v1.PolicyService/Check with a
// constant allow (no policy logic, no rate limiter, no audit), so the policy service's own cost can be told apart
// from grpc-js's on the same machine at the same time.  node bench/lib/grpc-echo-server.mjs <port>
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const root = new URL('../..', import.meta.url).pathname;
const grpc = require('@grpc/grpc-js');
const { loadPolicyProto } = require(join(root, 'libs/contracts/dist/policy/index.js'));

const port = Number(process.argv[2] ?? 0);
const Service = loadPolicyProto().asc.policy.v1.PolicyService;
const answer = { allowed: true, policyVersion: 1, tenantId: 't', candidates: [{ deploymentId: 'd', model: 'm', provider: 'openai', upstreamModel: 'm', region: 'eu-west-1', priority: 0 }], obligations: { logging: 'LOGGING_LEVEL_METADATA' } };
const server = new grpc.Server();
server.addService(Service.service, { Check: (_call, callback) => callback(null, answer), Watch: (call) => call.end() });
server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (error, bound) => {
  if (error) throw error;
  console.log(`gRPC listening on 127.0.0.1:${bound}`);
});
// Exit normally on SIGTERM so `--cpu-prof` can write its profile.
process.on('SIGTERM', () => server.tryShutdown(() => process.exit(0)));
