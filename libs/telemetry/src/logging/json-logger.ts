import type { LoggerService, LogLevel as NestLogLevel } from '@nestjs/common';
import { activeSpanIds } from '../tracing/spans';
import { redact, scrubString } from './redact';

/** The `LOG_LEVEL` values of `@asc/config`. */
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
export type LogFields = Readonly<Record<string, unknown>>;

const SEVERITY: Readonly<Record<LogLevel, number>> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: 100 };
const FROM_NEST: Readonly<Record<NestLogLevel, LogLevel>> = { verbose: 'trace', debug: 'debug', log: 'info', warn: 'warn', error: 'error', fatal: 'fatal' };

export interface JsonLoggerOptions {
  /** `service` field of every line. */
  service: string;
  /** Least severe level written; defaults to `LOG_LEVEL`, else `info`. */
  level?: LogLevel;
  /** Where lines go (without the newline added here); defaults to stdout. */
  write?: (line: string) => void;
  /** Fields on every line (e.g. `{ context: 'Kafka' }` for a child). */
  fields?: LogFields;
}

/**
 * Structured JSON logs, one line per event:
 *   {"time":"<ISO-8601>","level":"info","service":"gateway","msg":"…","trace_id":"…","span_id":"…",<fields>}
 * `trace_id`/`span_id` come from the active span. Every field and the message pass through `redact`
 * (secrets and prompt text removed; see redact.ts). Implements Nest's `LoggerService`, so
 * `NestFactory.create(module, adapter, { logger: new JsonLogger({ service: 'gateway' }) })` routes Nest's own logs here.
 * Writes synchronously to stdout (a pipe): one `write` per line keeps lines whole.
 */
export class JsonLogger implements LoggerService {
  private threshold: number;
  private readonly service: string;
  private readonly sink: (line: string) => void;
  private readonly base: LogFields;

  constructor(options: JsonLoggerOptions) {
    this.service = options.service;
    this.threshold = SEVERITY[options.level ?? levelFromEnv()];
    this.sink = options.write ?? ((line) => void process.stdout.write(`${line}\n`));
    this.base = options.fields ?? {};
  }

  /** A logger writing the same way with extra fields on every line. */
  child(fields: LogFields): JsonLogger {
    const child = new JsonLogger({ service: this.service, write: this.sink, fields: { ...this.base, ...fields } });
    child.threshold = this.threshold;
    return child;
  }

  isLevelEnabled(level: LogLevel): boolean {
    return level !== 'silent' && SEVERITY[level] >= this.threshold;
  }

  trace(msg: string, fields?: LogFields): void {
    this.write('trace', msg, fields);
  }
  debug(msg: string, ...params: unknown[]): void {
    this.nest('debug', msg, params);
  }
  info(msg: string, fields?: LogFields): void {
    this.write('info', msg, fields);
  }
  warn(msg: unknown, ...params: unknown[]): void {
    this.nest('warn', msg, params);
  }
  error(msg: unknown, ...params: unknown[]): void {
    this.nest('error', msg, params);
  }
  fatal(msg: unknown, ...params: unknown[]): void {
    this.nest('fatal', msg, params);
  }

  /** Nest `LoggerService.log` (= info). */
  log(msg: unknown, ...params: unknown[]): void {
    this.nest('info', msg, params);
  }
  /** Nest `LoggerService.verbose` (= trace). */
  verbose(msg: unknown, ...params: unknown[]): void {
    this.nest('trace', msg, params);
  }

  /** Nest `LoggerService.setLogLevels`: the least severe of the given levels becomes the threshold. */
  setLogLevels(levels: NestLogLevel[]): void {
    const mapped = levels.map((level) => SEVERITY[FROM_NEST[level]]);
    this.threshold = mapped.length === 0 ? SEVERITY.silent : Math.min(...mapped);
  }

  /**
   * Nest calls `log(message, context?)`, `error(message, stack?, context?)`, and may pass objects.
   * A trailing string is the context; for errors a string before it is the stack; objects become fields.
   */
  private nest(level: LogLevel, msg: unknown, params: unknown[]): void {
    if (!this.isLevelEnabled(level)) return;
    const fields: Record<string, unknown> = {};
    const rest = [...params];
    if (rest.length > 0 && typeof rest[rest.length - 1] === 'string') fields.context = rest.pop();
    for (const param of rest) {
      // Nest's Logger appends its own context after the caller's: (msg, stack, context, context).
      if (typeof param === 'string') {
        if (param !== fields.context && SEVERITY[level] >= SEVERITY.error) fields.stack ??= param;
      } else if (param instanceof Error) fields.err = param;
      else if (typeof param === 'object' && param !== null) Object.assign(fields, param);
    }
    if (msg instanceof Error) {
      fields.err = msg;
      this.write(level, msg.message, fields);
    } else if (typeof msg === 'object' && msg !== null) {
      const { msg: inner, message, ...others } = msg as Record<string, unknown>;
      this.write(level, String(inner ?? message ?? ''), { ...others, ...fields });
    } else {
      this.write(level, String(msg), fields);
    }
  }

  private write(level: LogLevel, msg: string, fields: LogFields | undefined): void {
    if (!this.isLevelEnabled(level)) return;
    const line: Record<string, unknown> = { time: new Date().toISOString(), level, service: this.service, msg: scrubString(msg) };
    const ids = activeSpanIds();
    if (ids !== undefined) {
      line.trace_id = ids.traceId;
      line.span_id = ids.spanId;
    }
    const merged = redact({ ...this.base, ...fields }) as Record<string, unknown>;
    for (const key of Object.keys(merged)) if (!(key in line)) line[key] = merged[key];
    this.sink(JSON.stringify(line));
  }
}

function levelFromEnv(): LogLevel {
  const raw = (process.env.LOG_LEVEL ?? '').trim().toLowerCase();
  return raw in SEVERITY ? (raw as LogLevel) : 'info';
}
