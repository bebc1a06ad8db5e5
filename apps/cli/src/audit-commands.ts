import { AdminApiError } from './admin-client';
import { flag, requiredFlag, UsageError, type ParsedArgs } from './args';
import { AuditClient } from './audit-client';
import { printObject, printRows } from './output';

/** `asc audit verify|timeline|export`: talk to the audit service, not the gateway (see audit-client.ts). */
type AuditCommand = (client: unknown, args: ParsedArgs, json: boolean) => Promise<void>;

interface ChainBreak {
  kind: string;
  seq: number;
  id: string | null;
  reason: string;
}
interface VerifyReport {
  tenantId: string;
  intact: boolean;
  records: number;
  headHash: string;
  checkpoints: { total: number; verified: number; lastVerifiedSeq: number | null };
  firstBreak: ChainBreak | null;
}
interface TimelinePage {
  items: Array<{ seq: number; record: Record<string, unknown> & { actor: { type: string; id: string }; resource: { type: string; id: string } } }>;
  nextCursor: string | null;
}

const tenantPath = (args: ParsedArgs): string => `/tenants/${encodeURIComponent(requiredFlag(args, 'tenant'))}`;

/** Filters shared by timeline and export: --kind a,b --from <RFC 3339> --to <RFC 3339> --key <key-id> --model <m>. */
function filterQuery(args: ParsedArgs, extra: Record<string, string | undefined> = {}): string {
  const query = new URLSearchParams();
  const values: Record<string, string | undefined> = { kind: flag(args, 'kind'), from: flag(args, 'from'), to: flag(args, 'to'), key: flag(args, 'key'), model: flag(args, 'model'), ...extra };
  for (const [name, value] of Object.entries(values)) if (value !== undefined) query.set(name, value);
  const text = query.toString();
  return text ? `?${text}` : '';
}

export const auditCommands: Record<string, AuditCommand> = {
  'audit verify': async (_c, args, json) => {
    const report = await AuditClient.fromEnv().get<VerifyReport>(`${tenantPath(args)}/verify`);
    if (json) printObject(report);
    else {
      const cp = report.checkpoints;
      process.stdout.write(
        `tenant ${report.tenantId}: ${report.intact ? 'INTACT' : 'BROKEN'}; ${report.records} record(s) verified, ` +
          `${cp.verified}/${cp.total} signed checkpoint(s) hold (last at seq ${cp.lastVerifiedSeq ?? '-'}), head ${report.headHash}\n`,
      );
    }
    const broken = report.firstBreak;
    if (broken) {
      // A non-zero exit naming the first bad record (main maps AdminApiError to exit 1).
      throw new AdminApiError(0, `first bad record: seq ${broken.seq}, id ${broken.id ?? '(missing)'}, ${broken.kind}: ${broken.reason}`);
    }
  },

  'audit timeline': async (_c, args, json) => {
    const limit = flag(args, 'limit') ?? '50';
    if (!/^\d+$/.test(limit)) throw new UsageError('--limit must be a number');
    const page = await AuditClient.fromEnv().get<TimelinePage>(`${tenantPath(args)}/timeline${filterQuery(args, { limit, cursor: flag(args, 'cursor') })}`);
    if (json) printObject(page);
    else {
      const rows = page.items.map(({ seq, record }) => ({
        seq,
        time: record['time'],
        kind: record['kind'],
        outcome: record['outcome'],
        actor: `${record.actor.type}:${record.actor.id}`,
        resource: `${record.resource.type}:${record.resource.id}`,
        id: record['id'],
      }));
      printRows(rows, ['seq', 'time', 'kind', 'outcome', 'actor', 'resource', 'id'], false);
      if (page.nextCursor) process.stderr.write(`more: add --cursor ${page.nextCursor}\n`);
    }
  },

  'audit export': async (_c, args) => {
    await AuditClient.fromEnv().stream(`${tenantPath(args)}/export${filterQuery(args)}`, process.stdout);
  },
};

export const AUDIT_HELP = `
Audit (talks to the audit service): ASC_AUDIT_URL (default http://127.0.0.1:8083), ASC_AUDIT_TOKEN (virtual key or
auditor token) or ASC_ADMIN_TOKEN

  asc audit verify --tenant <id|slug>             exit 1 and name the first bad record if the chain was tampered with
  asc audit timeline --tenant <id|slug> [--kind request,fallback,policy.denied,admin.change,budget.crossed] [--from <time>] [--to <time>] [--key <key-id>] [--model <m>] [--limit N] [--cursor C]
  asc audit export --tenant <id|slug> [same filters] > audit.jsonl
`;
