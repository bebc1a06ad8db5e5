/** The logging surface the broker needs; pass `console`-like objects or the default (warnings to stderr). */
export interface BrokerLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const stderrLogger: BrokerLogger = {
  info: () => undefined,
  warn: (m) => process.stderr.write(`[dev-broker] WARN ${m}\n`),
  error: (m) => process.stderr.write(`[dev-broker] ERROR ${m}\n`),
};
