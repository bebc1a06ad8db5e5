import { assertMetricName, escapeHelp, escapeLabelValue, labelBlock } from './exposition';

/** Label values by label name; every declared label must be given. */
export type Labels<L extends string> = Readonly<Record<L, string>>;

export interface MetricOptions<L extends string> {
  name: string;
  help: string;
  labelNames?: readonly L[];
  /**
   * Most label sets kept; past it, new label sets are counted under one series whose labels are all `_other`,
   * so a bug or an attacker cannot grow memory or the scrape without bound. Default 2,000.
   */
  maxSeries?: number;
}

export const OVERFLOW_LABEL_VALUE = '_other';
const DEFAULT_MAX_SERIES = 2_000;

/**
 * Shared series bookkeeping: one child object per label set, found by a key joined from the values in declared
 * order. Callers on hot paths may keep the child (`labels(...)`) and skip even the lookup.
 * Single-threaded: a registry belongs to one process (or one worker thread).
 */
export abstract class Metric<L extends string, C> {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly L[];
  private readonly maxSeries: number;
  private readonly series = new Map<string, { escaped: string[]; child: C }>();

  protected constructor(options: MetricOptions<L>, private readonly type: 'counter' | 'gauge' | 'histogram') {
    this.name = options.name;
    this.help = options.help;
    this.labelNames = options.labelNames ?? [];
    this.maxSeries = options.maxSeries ?? DEFAULT_MAX_SERIES;
    assertMetricName(this.name, this.labelNames);
  }

  /** The child for one label set (created on first use). */
  labels(labels: Labels<L>): C {
    const names = this.labelNames;
    let key = '';
    for (let i = 0; i < names.length; i++) key += (i === 0 ? '' : '\u0001') + labels[names[i] as L];
    const found = this.series.get(key);
    if (found !== undefined) return found.child;
    return this.addSeries(key, names.map((name) => String(labels[name] ?? '')));
  }

  /** Forgets every series (e.g. a gauge rebuilt from scratch at each scrape). */
  reset(): void {
    this.series.clear();
  }

  protected abstract newChild(): C;
  protected abstract renderChild(child: C, name: string, labelNames: readonly string[], escaped: readonly string[]): string;

  /** Called before rendering; gauges fed by a callback refresh here. */
  collect(): void {}

  render(): string {
    this.collect();
    let out = `# HELP ${this.name} ${escapeHelp(this.help)}\n# TYPE ${this.name} ${this.type}\n`;
    for (const { escaped, child } of this.series.values()) out += this.renderChild(child, this.name, this.labelNames, escaped);
    return out;
  }

  private addSeries(key: string, values: string[]): C {
    if (this.series.size >= this.maxSeries) {
      const overflowKey = '\u0000overflow';
      const existing = this.series.get(overflowKey);
      if (existing !== undefined) return existing.child;
      values = values.map(() => OVERFLOW_LABEL_VALUE);
      key = overflowKey;
    }
    const entry = { escaped: values.map(escapeLabelValue), child: this.newChild() };
    this.series.set(key, entry);
    return entry.child;
  }
}

export { labelBlock };
