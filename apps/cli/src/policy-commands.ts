import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { parse as parseYaml } from 'yaml';
import { AdminApiError, AdminClient } from './admin-client';
import { flag, requiredFlag, UsageError, type ParsedArgs } from './args';
import { printObject, printRows } from './output';

/**
 * Policy as code against the policy service's admin API (`ASC_POLICY_URL`, default http://127.0.0.1:8091; same
 * ASC_ADMIN_TOKEN as the gateway): `asc diff -f` shows the drift between a file and the live state (exit 1 on drift),
 * `asc apply -f` shows it and applies it as one audited, versioned change.
 */
type Command = (client: AdminClient, args: ParsedArgs, json: boolean) => Promise<void>;

interface PlanView {
  version: number;
  changed: boolean;
  text: string;
  errors: string[];
}

interface ApplyResult extends PlanView {
  appliedVersion: number;
}

/** Exit 1 with a message on stderr (main maps AdminApiError to exit code 1). */
class DriftDetected extends AdminApiError {}

function policyClient(): AdminClient {
  return new AdminClient(process.env.ASC_POLICY_URL ?? 'http://127.0.0.1:8091', process.env.ASC_ADMIN_TOKEN ?? '');
}

function readPolicyFile(args: ParsedArgs): unknown {
  const path = requiredFlag(args, 'file');
  let text: string;
  try {
    text = path === '-' ? readFileSync(0, 'utf8') : readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    return parseYaml(text) as unknown;
  } catch (error) {
    throw new UsageError(`${path} is not valid YAML: ${(error as Error).message}`);
  }
}

function printPlan(plan: PlanView): void {
  if (plan.errors.length > 0) process.stdout.write(`Problems:\n${plan.errors.map((e) => `  - ${e}`).join('\n')}\n`);
  process.stdout.write(plan.changed ? `${plan.text}\n` : `No changes: the live state (policy version ${plan.version}) matches the file.\n`);
}

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) throw new UsageError('refusing to apply without confirmation: stdin is not a terminal (pass --yes)');
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

export const policyCommands: Record<string, Command> = {
  diff: async (_c, a, json) => {
    const plan = await policyClient().post<PlanView>('/policy/plan', { file: readPolicyFile(a) });
    if (json) printObject(plan);
    else printPlan(plan);
    if (plan.changed || plan.errors.length > 0) throw new DriftDetected(1, `drift: the live state differs from ${flag(a, 'file')}`);
  },
  apply: async (_c, a, json) => {
    const client = policyClient();
    const file = readPolicyFile(a);
    const plan = await client.post<PlanView>('/policy/plan', { file });
    if (!json) printPlan(plan);
    if (plan.errors.length > 0) throw new AdminApiError(400, 'the file cannot be applied (see problems above)');
    if (!plan.changed) {
      if (json) printObject({ ...plan, appliedVersion: plan.version });
      return;
    }
    if (a.flags.get('yes') !== true && !(await confirm('Apply these changes? [y/N] '))) {
      process.stdout.write('Not applied.\n');
      return;
    }
    // expectedVersion: if someone applied in between, the service refuses (409) instead of applying a stale diff.
    const result = await client.post<ApplyResult>('/policy/apply', { file, expectedVersion: plan.version });
    if (json) printObject(result);
    else process.stdout.write(`Applied as policy version ${result.appliedVersion}.\n`);
  },
  'policy revisions': async (_c, a, json) =>
    printRows(await policyClient().get<Record<string, unknown>[]>(`/policy/revisions?limit=${Number(flag(a, 'limit') ?? 20)}`), ['version', 'actor', 'summary', 'at'], json),
  'policy snapshot': async () => printObject(await policyClient().get('/policy/snapshot')),
  'policy check': async (_c, a) =>
    printObject(
      await policyClient().post('/policy/check', {
        tenant: requiredFlag(a, 'tenant'),
        model: requiredFlag(a, 'model'),
        keyId: flag(a, 'key'),
        regionHints: flag(a, 'region')?.split(',').map((s) => s.trim()).filter(Boolean) ?? [],
        estimatedTokens: flag(a, 'tokens') === undefined ? 0 : Number(flag(a, 'tokens')),
        prompt: flag(a, 'prompt'),
      }),
    ),
};

export const POLICY_HELP = `
Policy (policy service admin API: ASC_POLICY_URL, default http://127.0.0.1:8091):
  asc diff -f <policy.yaml>                      show drift from the live state; exit 1 on drift
  asc apply -f <policy.yaml> [--yes]             show the diff, confirm, apply as one audited change
  asc policy revisions [--limit N]
  asc policy snapshot
  asc policy check --tenant <slug|id> --model <m> [--key <key-id>] [--region eu,eu-west-1] [--tokens N] [--prompt TEXT]
`;
