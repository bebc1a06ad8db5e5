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

interface SeriesEntry<C> {
  escaped: string[];
  child: C;
}
type SeriesNode<C> = Map<unknown, SeriesNode<C> | SeriesEntry<C>>;
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
  /** Every series, in creation order, for rendering. */
  private readonly series: SeriesEntry<C>[] = [];
  /** Lookup tree: one level per label; the leaf holds the entry. */
  private root: SeriesNode<C> = new Map();
  private overflow: SeriesEntry<C> | undefined;

  protected constructor(options: MetricOptions<L>, private readonly type: 'counter' | 'gauge' | 'histogram') {
    this.name = options.name;
    this.help = options.help;
    this.labelNames = options.labelNames ?? [];
    this.maxSeries = options.maxSeries ?? DEFAULT_MAX_SERIES;
    assertMetricName(this.name, this.labelNames);
  }

  /**
   * The child for one label set (created on first use). Looked up through one Map level per label, keyed by
   * the label value itself: no key string is built, and constant label strings keep their cached hashes.
   */
  labels(labels: Labels<L>): C {
    const names = this.labelNames;
    let node: SeriesNode<C> = this.root;
    for (let i = 0; i < names.length; i++) {
      const value = labels[names[i] as L];
      const next = node.get(value);
      if (next === undefined) return this.addSeries(labels);
      node = next as SeriesNode<C>;
    }
    if (names.length === 0) {
      const only = this.root.get('');
      return only === undefined ? this.addSeries(labels) : (only as SeriesEntry<C>).child;
    }
    return (node as unknown as SeriesEntry<C>).child;
  }

  /** Forgets every series (e.g. a gauge rebuilt from scratch at each scrape). */
  reset(): void {
    this.series.length = 0;
    this.root = new Map();
    this.overflow = undefined;
  }

  protected abstract newChild(): C;
  protected abstract renderChild(child: C, name: string, labelNames: readonly string[], escaped: readonly string[]): string;

  /** Called before rendering; gauges fed by a callback refresh here. */
  collect(): void {}

  render(): string {
    this.collect();
    let out = `# HELP ${this.name} ${escapeHelp(this.help)}\n# TYPE ${this.name} ${this.type}\n`;
    for (const { escaped, child } of this.series) out += this.renderChild(child, this.name, this.labelNames, escaped);
    return out;
  }

  private addSeries(labels: Labels<L>): C {
    if (this.series.length >= this.maxSeries) {
      this.overflow ??= this.push(this.labelNames.map(() => OVERFLOW_LABEL_VALUE));
      return this.overflow.child;
    }
    const names = this.labelNames;
    const entry = this.push(names.map((name) => String(labels[name] ?? '')));
    if (names.length === 0) {
      this.root.set('', entry);
      return entry.child;
    }
    let node = this.root;
    for (let i = 0; i < names.length; i++) {
      const value = labels[names[i] as L];
      if (i === names.length - 1) {
        node.set(value, entry);
        break;
      }
      let next = node.get(value) as SeriesNode<C> | undefined;
      if (next === undefined) node.set(value, (next = new Map()));
      node = next;
    }
    return entry.child;
  }

  private push(values: string[]): SeriesEntry<C> {
    const entry = { escaped: values.map(escapeLabelValue), child: this.newChild() };
    this.series.push(entry);
    return entry;
  }
}

export { labelBlock };
