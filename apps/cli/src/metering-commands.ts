import { flag, requiredFlag, UsageError, type ParsedArgs } from './args';
import { MeteringClient } from './metering-client';
import { printObject, printRows } from './output';

/** `asc spend …` and `asc budgets …`: talk to the metering service, not the gateway (see metering-client.ts). */
type MeteringCommand = (client: unknown, args: ParsedArgs, json: boolean) => Promise<void>;
type Row = Record<string, unknown>;

const BUDGET_COLUMNS = ['id', 'tenantId', 'keyId', 'period', 'periodStart', 'amount', 'softThresholdPct', 'hardLimit', 'spent', 'remaining', 'state'];
const GROUP_ORDER = ['tenant', 'key', 'model', 'provider', 'day'];
const TOTAL_COLUMNS = ['requests', 'estimatedRequests', 'inputTokens', 'outputTokens', 'cost', 'estimatedCost'];

function query(values: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) if (value !== undefined) q.set(name, value);
  return q.toString();
}

function today(offsetDays = 0): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

function budgetId(args: ParsedArgs): string {
  return encodeURIComponent(args.positionals[2] ?? requiredFlag(args, 'budget'));
}

function percent(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 100) throw new UsageError(`--soft must be an integer percentage 1..100, got '${text}'`);
  return n;
}

export const meteringCommands: Record<string, MeteringCommand> = {
  'spend show': async (_c, a, json) => {
    const groupBy = flag(a, 'group-by') ?? 'tenant,model';
    const result = await MeteringClient.fromEnv().get<{ groups: Row[]; total: Row; unpricedEvents: number; currency: string }>(
      `/v1/spend?${query({ from: flag(a, 'from') ?? today(-30), to: flag(a, 'to') ?? today(1), tenantId: flag(a, 'tenant'), keyId: flag(a, 'key'), model: flag(a, 'model'), groupBy })}`,
    );
    if (json) return printObject(result);
    const groups = groupBy.split(',').map((g) => g.trim()).sort((x, y) => GROUP_ORDER.indexOf(x) - GROUP_ORDER.indexOf(y));
    printRows(result.groups, [...groups, ...TOTAL_COLUMNS], false);
    process.stdout.write(`\ntotal ${String(result.total['cost'])} ${result.currency} over ${String(result.total['requests'])} requests`);
    process.stdout.write(`${result.unpricedEvents > 0 ? `; ${result.unpricedEvents} unpriced events (asc spend unpriced)` : ''}\n`);
  },
  'spend unpriced': async (_c, a, json) => {
    const result = await MeteringClient.fromEnv().get<{ events: Row[] }>(`/v1/unpriced?${query({ from: flag(a, 'from') ?? today(-30), to: flag(a, 'to') ?? today(1), tenantId: flag(a, 'tenant') })}`);
    printRows(result.events, ['eventTime', 'tenantId', 'keyId', 'provider', 'model', 'inputTokens', 'outputTokens', 'usageSource', 'reason'], json);
  },
  'budgets list': async (_c, a, json) =>
    printRows(await MeteringClient.fromEnv().get<Row[]>(`/v1/budgets${flag(a, 'tenant') ? `?${query({ tenantId: flag(a, 'tenant') })}` : ''}`), BUDGET_COLUMNS, json),
  'budgets get': async (_c, a) => printObject(await MeteringClient.fromEnv().get(`/v1/budgets/${budgetId(a)}`)),
  'budgets create': async (_c, a) =>
    printObject(
      await MeteringClient.fromEnv().post('/v1/budgets', {
        tenantId: requiredFlag(a, 'tenant'),
        keyId: flag(a, 'key'),
        period: requiredFlag(a, 'period'),
        amount: requiredFlag(a, 'amount'),
        softThresholdPct: percent(flag(a, 'soft')),
        hardLimit: flag(a, 'hard-limit'),
      }),
    ),
  'budgets update': async (_c, a) =>
    printObject(
      await MeteringClient.fromEnv().patch(`/v1/budgets/${budgetId(a)}`, {
        period: flag(a, 'period'),
        amount: flag(a, 'amount'),
        softThresholdPct: percent(flag(a, 'soft')),
        hardLimit: flag(a, 'hard-limit'),
      }),
    ),
  'budgets delete': async (_c, a) => printObject(await MeteringClient.fromEnv().delete(`/v1/budgets/${budgetId(a)}`)),
};

export const METERING_HELP = `
Spend and budgets (talk to the metering service): ASC_METERING_URL (default http://127.0.0.1:8090), ASC_METERING_TOKEN
(a tenant's virtual key: its own tenant only) or ASC_ADMIN_TOKEN. Amounts are exact decimal strings in USD; days are UTC.

  asc spend show [--from YYYY-MM-DD] [--to YYYY-MM-DD (exclusive)] [--tenant <tenant-id>] [--key <key-id>] [--model <m>] [--group-by tenant,key,model,provider,day]
  asc spend unpriced [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--tenant <tenant-id>]
  asc budgets list [--tenant <tenant-id>]
  asc budgets get <budget-id>
  asc budgets create --tenant <tenant-id> [--key <key-id>] --period day|month --amount 100 [--soft 80] [--hard-limit 110]
  asc budgets update <budget-id> [--amount N] [--soft PCT] [--hard-limit N] [--period day|month]
  asc budgets delete <budget-id>
`;
