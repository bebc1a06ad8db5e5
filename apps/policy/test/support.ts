import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { credentials } from '@grpc/grpc-js';
import { createTestDatabase, type TestDatabase } from '@asc/db/testing';
import { loadEnvoyAuthProto, loadHealthProto, loadPolicyProto } from '@asc/contracts/policy';

/** E2E plumbing: the built policy service (`apps/policy/dist/main.js`) as a child process on free ports, with its own database. */
export const ROOT = join(__dirname, '..', '..', '..');
const MAIN = join(ROOT, 'apps/policy/dist/main.js');

export interface RunningPolicyService {
  grpcAddress: string;
  httpUrl: string;
  adminToken: string;
  databaseUrl: string;
  output: () => string;
  stop(): Promise<void>;
}

/** `shareDatabaseOf`: a second replica on the first one's database (it does not drop it on stop). */
export async function startPolicyService(env: Record<string, string> = {}, options: { shareDatabaseOf?: RunningPolicyService } = {}): Promise<RunningPolicyService> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` (or npx tsc -b apps/policy) first`);
  const shared = options.shareDatabaseOf;
  const db: Pick<TestDatabase, 'databaseUrl' | 'drop'> = shared ? { databaseUrl: shared.databaseUrl, drop: async () => undefined } : await createTestDatabase();
  const adminToken = shared?.adminToken ?? randomBytes(24).toString('hex');
  const child = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env['PATH'] ?? '',
      DATABASE_URL: db.databaseUrl,
      ASC_ADMIN_TOKEN: adminToken,
      ASC_POLICY_GRPC_PORT: '0',
      ASC_POLICY_HTTP_PORT: '0',
      ASC_EVENTS_ENABLED: 'false',
      ASC_POLICY_BUDGET_REFRESH_MS: '500',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ports = await new Promise<{ grpc: number; http: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`policy service did not start:\n${output}`)), 40_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const grpc = /gRPC listening on [\d.]+:(\d+)/.exec(output);
      const http = /admin HTTP listening on http:\/\/[\d.]+:(\d+)/.exec(output);
      if (grpc && http) {
        clearTimeout(timer);
        resolve({ grpc: Number(grpc[1]), http: Number(http[1]) });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`policy service exited with ${code}:\n${output}`));
    });
  });
  return {
    grpcAddress: `127.0.0.1:${ports.grpc}`,
    httpUrl: `http://127.0.0.1:${ports.http}`,
    adminToken,
    databaseUrl: db.databaseUrl,
    output: () => output,
    async stop() {
      await stopChild(child);
      await db.drop();
    },
  };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

export function policyClient(address: string) {
  return new (loadPolicyProto().asc.policy.v1.PolicyService)(address, credentials.createInsecure());
}

export function envoyClient(address: string) {
  return new (loadEnvoyAuthProto().envoy.service.auth.v3.Authorization)(address, credentials.createInsecure());
}

export function healthClient(address: string) {
  return new (loadHealthProto().grpc.health.v1.Health)(address, credentials.createInsecure());
}

/** Calls the policy admin HTTP API. */
export async function admin<T>(service: RunningPolicyService, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${service.httpUrl}/admin/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${service.adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as T };
}

/** Promisified unary call of a grpc-js client method. */
export function unary<Req, Res>(call: (request: Req, callback: (error: Error | null, response?: Res) => void) => unknown, request: Req): Promise<Res> {
  return new Promise((resolve, reject) => {
    call(request, (error, response) => (error ? reject(error) : resolve(response as Res)));
  });
}

/** A policy file like infra/policy/examples/acme.yaml, small enough for assertions, plus a tightly limited tenant. */
export function testPolicyFile(overrides: { euRegions?: string[] } = {}) {
  const mock = 'http://127.0.0.1:9/v1';
  return {
    apiVersion: 'asc.policy/v1',
    platform: { policy: { logging: 'full' }, deployments: [{ model: 'gpt-4o-mini', provider: 'openai', baseUrl: mock, region: 'us-west-2' }] },
    organizations: [{ slug: 'acme', name: 'ACME Group', policy: { approvedModels: ['gpt-4o-mini', 'gpt-4o', 'claude-sonnet'], logging: 'metadata' } }],
    tenants: [
      {
        slug: 'acme-eu',
        name: 'ACME Europe',
        organization: 'acme',
        policy: { approvedModels: ['gpt-4o-mini'], allowedRegions: overrides.euRegions ?? ['eu'], guardrails: { pii: { email: 'redact', card: 'block' } } },
        deployments: [
          { model: 'gpt-4o-mini', provider: 'openai', baseUrl: mock, region: 'eu-west-1' },
          { model: 'gpt-4o-mini', provider: 'openai', baseUrl: mock, region: 'us-east-1', priority: -1 },
        ],
      },
      {
        slug: 'acme-us',
        name: 'ACME US',
        organization: 'acme',
        policy: { approvedModels: ['gpt-4o', 'claude-sonnet'], allowedRegions: ['us'] },
        deployments: [{ model: 'gpt-4o', provider: 'openai', baseUrl: mock, region: 'us-east-1' }],
      },
      {
        slug: 'tiny',
        name: 'Tiny',
        policy: { rateLimits: { tenant: { requestsPerMinute: 3 } } },
        deployments: [{ model: 'gpt-4o-mini', provider: 'openai', baseUrl: mock, region: 'eu-west-1' }],
      },
    ],
  };
}
