import { flag, requiredFlag, type ParsedArgs } from './args';
import type { AdminClient } from './admin-client';
import { printObject, printRows } from './output';

type Row = Record<string, unknown>;
type Command = (client: AdminClient, args: ParsedArgs, json: boolean) => Promise<void>;

const ROUTING_COLUMNS = ['model', 'tenantId', 'fallbackModels', 'fallbackOn', 'maxRetries', 'ttftDeadlineMs', 'totalDeadlineMs', 'strategy'];
const HEALTH_COLUMNS = ['deploymentId', 'state', 'since', 'failures', 'successes', 'inFlight'];

function int(args: ParsedArgs, name: string): number | undefined {
  const value = flag(args, name);
  return value === undefined ? undefined : Number(value);
}

function csv(value: string | undefined): string[] | undefined {
  return value?.split(',').map((s) => s.trim()).filter(Boolean);
}

/** `asc routing …` and `asc deployments health`: fallback rules per model alias, and live circuit state. */
export const routingCommands: Record<string, Command> = {
  'routing list': async (c, _a, json) => printRows(await c.get<Row[]>('/routing-rules'), ROUTING_COLUMNS, json),
  'routing set': async (c, a) =>
    printObject(
      await c.put('/routing-rules', {
        model: requiredFlag(a, 'model'),
        tenant: flag(a, 'tenant'),
        fallbackModels: csv(flag(a, 'fallback')),
        fallbackOn: csv(flag(a, 'on')),
        maxRetries: int(a, 'retries'),
        retryBaseMs: int(a, 'retry-base-ms'),
        retryMaxMs: int(a, 'retry-max-ms'),
        ttftDeadlineMs: int(a, 'ttft-ms'),
        totalDeadlineMs: int(a, 'deadline-ms'),
        strategy: flag(a, 'strategy'),
      }),
    ),
  'routing delete': async (c, a) => {
    const tenant = flag(a, 'tenant');
    const query = new URLSearchParams({ model: requiredFlag(a, 'model'), ...(tenant ? { tenant } : {}) });
    printObject(await c.delete(`/routing-rules?${query.toString()}`));
  },
  'deployments health': async (c, _a, json) => printRows(await c.get<Row[]>('/deployments/health'), HEALTH_COLUMNS, json),
};

export const ROUTING_HELP = `  asc routing list
  asc routing set --model <alias> [--tenant <id|slug>] [--fallback m1,m2] [--on rate_limited,server_error,connect_error,timeout,ttft_timeout]
                  [--retries N] [--retry-base-ms N] [--retry-max-ms N] [--ttft-ms N] [--deadline-ms N] [--strategy weighted|least-outstanding]
  asc routing delete --model <alias> [--tenant <id|slug>]
  asc deployments health
`;
