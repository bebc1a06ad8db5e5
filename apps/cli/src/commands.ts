import { readFileSync } from 'node:fs';
import type { AdminClient } from './admin-client';
import { flag, parseDuration, requiredFlag, UsageError, type ParsedArgs } from './args';
import { AUDIT_HELP, auditCommands } from './audit-commands';
import { printObject, printRows } from './output';
import { METERING_HELP, meteringCommands } from './metering-commands';
import { POLICY_HELP, policyCommands } from './policy-commands';

type Row = Record<string, unknown>;
type Command = (client: AdminClient, args: ParsedArgs, json: boolean) => Promise<void>;

const TENANT_COLUMNS = ['id', 'slug', 'name', 'status', 'allowedModels'];
const KEY_COLUMNS = ['id', 'name', 'prefix', 'status', 'expiresAt', 'createdAt'];
const CREDENTIAL_COLUMNS = ['id', 'provider', 'name', 'tenantId', 'createdAt'];
const DEPLOYMENT_COLUMNS = ['id', 'model', 'provider', 'upstreamModel', 'region', 'baseUrl', 'operations', 'priority', 'enabled', 'tenantId'];

/** Reads a secret from `--secret-env VAR` or stdin (`--secret-stdin`), never from argv (shell history, ps). */
function readSecret(args: ParsedArgs): string {
  const envName = flag(args, 'secret-env');
  if (envName !== undefined) {
    const value = process.env[envName];
    if (!value) throw new UsageError(`environment variable ${envName} is empty`);
    return value;
  }
  if (args.flags.get('secret-stdin') === true) return readFileSync(0, 'utf8').trim();
  throw new UsageError('pass the provider secret with --secret-env <VAR> or --secret-stdin');
}

function csv(value: string | undefined): string[] | undefined {
  return value?.split(',').map((s) => s.trim()).filter(Boolean);
}

export const commands: Record<string, Command> = {
  'tenants list': async (c, _a, json) => printRows(await c.get<Row[]>('/tenants'), TENANT_COLUMNS, json),
  'tenants create': async (c, a) =>
    printObject(await c.post('/tenants', { slug: requiredFlag(a, 'slug'), name: flag(a, 'name') ?? requiredFlag(a, 'slug'), allowedModels: csv(flag(a, 'models')) })),
  'tenants get': async (c, a) => printObject(await c.get(`/tenants/${encodeURIComponent(a.positionals[2] ?? requiredFlag(a, 'tenant'))}`)),

  'keys list': async (c, a, json) => printRows(await c.get<Row[]>(`/tenants/${encodeURIComponent(requiredFlag(a, 'tenant'))}/keys`), KEY_COLUMNS, json),
  'keys create': async (c, a) => {
    const expires = flag(a, 'expires-in');
    const created = await c.post<{ secret: string; key: Row }>(`/tenants/${encodeURIComponent(requiredFlag(a, 'tenant'))}/keys`, {
      name: flag(a, 'name') ?? 'default',
      ...(expires ? { expiresInSeconds: parseDuration(expires) } : {}),
    });
    printObject(created.key);
    process.stdout.write(`\nsecret (shown once, store it now): ${created.secret}\n`);
  },
  'keys revoke': async (c, a) => printObject(await c.post(`/keys/${encodeURIComponent(a.positionals[2] ?? requiredFlag(a, 'key'))}/revoke`)),
  'keys rotate': async (c, a) => {
    const grace = parseDuration(flag(a, 'grace') ?? '1h');
    const rotated = await c.post<{ secret: string; key: Row; previous: Row }>(`/keys/${encodeURIComponent(a.positionals[2] ?? requiredFlag(a, 'key'))}/rotate`, {
      gracePeriodSeconds: grace,
    });
    printObject({ key: rotated.key, previous: rotated.previous });
    process.stdout.write(`\nnew secret (shown once): ${rotated.secret}\nthe old key keeps working until ${String(rotated.previous.expiresAt)}\n`);
  },

  'credentials list': async (c, _a, json) => printRows(await c.get<Row[]>('/credentials'), CREDENTIAL_COLUMNS, json),
  'credentials create': async (c, a) =>
    printObject(await c.post('/credentials', { provider: requiredFlag(a, 'provider'), name: requiredFlag(a, 'name'), tenant: flag(a, 'tenant'), secret: readSecret(a) })),
  'credentials delete': async (c, a) => printObject(await c.delete(`/credentials/${encodeURIComponent(a.positionals[2] ?? requiredFlag(a, 'credential'))}`)),

  'deployments list': async (c, _a, json) => printRows(await c.get<Row[]>('/deployments'), DEPLOYMENT_COLUMNS, json),
  'deployments create': async (c, a) =>
    printObject(
      await c.post('/deployments', {
        model: requiredFlag(a, 'model'),
        provider: requiredFlag(a, 'provider'),
        upstreamModel: flag(a, 'upstream-model') ?? requiredFlag(a, 'model'),
        baseUrl: requiredFlag(a, 'base-url'),
        region: requiredFlag(a, 'region'),
        credentialId: flag(a, 'credential'),
        tenant: flag(a, 'tenant'),
        apiVersion: flag(a, 'api-version'),
        operations: csv(flag(a, 'operations')) ?? ['chat'],
        priority: flag(a, 'priority') === undefined ? undefined : Number(flag(a, 'priority')),
      }),
    ),
  'deployments disable': async (c, a) => printObject(await c.patch(`/deployments/${encodeURIComponent(a.positionals[2] ?? requiredFlag(a, 'deployment'))}`, { enabled: false })),
  'deployments enable': async (c, a) => printObject(await c.patch(`/deployments/${encodeURIComponent(a.positionals[2] ?? requiredFlag(a, 'deployment'))}`, { enabled: true })),
  ...auditCommands,
  ...policyCommands,
  ...meteringCommands,
};

export const HELP = `asc — ASC control plane CLI (talks to the gateway's admin API)

Environment: ASC_URL (default http://127.0.0.1:8080), ASC_ADMIN_TOKEN (required)
Add --json to list commands for machine-readable output.

  asc tenants list
  asc tenants create --slug <slug> [--name <name>] [--models gpt-4o-mini,claude-sonnet-4-6]
  asc tenants get <id|slug>
  asc keys list --tenant <id|slug>
  asc keys create --tenant <id|slug> [--name <name>] [--expires-in 30d]
  asc keys revoke <key-id>
  asc keys rotate <key-id> [--grace 1h]
  asc credentials list
  asc credentials create --provider <openai|anthropic|mistral|azure-openai|openai-compatible> --name <name> (--secret-env VAR | --secret-stdin) [--tenant <id|slug>]
  asc credentials delete <credential-id>
  asc deployments list
  asc deployments create --model <public-name> --provider <p> --base-url <url> --region <region> [--upstream-model <m>] [--credential <id>] [--tenant <id|slug>] [--operations chat,embeddings] [--priority N] [--api-version V]
  asc deployments disable|enable <deployment-id>
${AUDIT_HELP}${POLICY_HELP}${METERING_HELP}`;
