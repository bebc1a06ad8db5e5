/** Minimal argv parsing: positionals plus `--flag value` / `--flag=value` / boolean `--flag`. */
export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string | true>;
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    // `-f <file>` (kubectl style, for `asc apply -f`) is `--file <file>`.
    if (arg === '-f' && i + 1 < argv.length) {
      flags.set('file', argv[++i]!);
      continue;
    }
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    if (eq > 0) {
      flags.set(arg.slice(2, eq), arg.slice(eq + 1));
    } else if (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) {
      flags.set(arg.slice(2), argv[++i]!);
    } else {
      flags.set(arg.slice(2), true);
    }
  }
  return { positionals, flags };
}

export class UsageError extends Error {}

export function flag(args: ParsedArgs, name: string): string | undefined {
  const value = args.flags.get(name);
  return value === true ? undefined : value;
}

export function requiredFlag(args: ParsedArgs, name: string): string {
  const value = flag(args, name);
  if (value === undefined) throw new UsageError(`--${name} is required`);
  return value;
}

/** `90s`, `15m`, `12h`, `30d` → seconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+)([smhd])$/.exec(text);
  if (!match) throw new UsageError(`invalid duration '${text}' (use e.g. 90s, 15m, 12h, 30d)`);
  const unit = { s: 1, m: 60, h: 3600, d: 86_400 }[match[2] as 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}
