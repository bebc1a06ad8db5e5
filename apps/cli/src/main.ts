import { AdminApiError, AdminClient } from './admin-client';
import { parseArgs, UsageError } from './args';
import { commands as adminCommands, HELP as ADMIN_HELP } from './commands';
import { routingCommands, ROUTING_HELP } from './routing-commands';

const commands = { ...adminCommands, ...routingCommands };
const HELP = ADMIN_HELP + ROUTING_HELP;

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  const name = args.positionals.slice(0, 2).join(' ');
  const command = commands[name];
  if (command === undefined || args.flags.has('help')) {
    process.stdout.write(HELP);
    return command === undefined && name !== '' && name !== 'help' ? 2 : 0;
  }
  const token = process.env.ASC_ADMIN_TOKEN ?? '';
  // `asc audit …` may run with an auditor token or a virtual key instead (ASC_AUDIT_TOKEN, see audit-client.ts).
  if (!token && !name.startsWith('audit ')) {
    process.stderr.write('ASC_ADMIN_TOKEN is not set (npm start prints it; see README).\n');
    return 2;
  }
  const client = new AdminClient(process.env.ASC_URL ?? 'http://127.0.0.1:8080', token);
  try {
    await command(client, args, args.flags.get('json') === true);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`asc: ${error.message}\n`);
      return 2;
    }
    if (error instanceof AdminApiError) {
      process.stderr.write(`asc: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`asc: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
