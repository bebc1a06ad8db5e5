import { formatValue, labelBlock } from './exposition';
import { Metric, type Labels, type MetricOptions } from './metric';

export interface HistogramChild {
  observe(value: number): void;
  /** Cumulative counts per bucket (last is +Inf), sum and count: what a scrape would show. */
  snapshot(): { buckets: number[]; sum: number; count: number };
}

/** Latency of a whole request, seconds: 5 ms .. 2 min (LLM calls are slow; streams are long). */
export const LATENCY_BUCKETS_SECONDS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
/** Time to first token, seconds: 10 ms .. 30 s. */
export const TTFT_BUCKETS_SECONDS: readonly number[] = [0.01, 0.025, 0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30];
/** In-process work such as a policy decision, seconds: 50 µs .. 1 s. */
export const FAST_BUCKETS_SECONDS: readonly number[] = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

class HistogramValue implements HistogramChild {
  private readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(private readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length + 1);
  }

  observe(value: number): void {
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && value > (bounds[i] as number)) i++;
    this.counts[i] = (this.counts[i] as number) + 1;
    this.sum += value;
    this.count++;
  }

  snapshot(): { buckets: number[]; sum: number; count: number } {
    const buckets: number[] = [];
    let running = 0;
    for (const c of this.counts) buckets.push((running += c));
    return { buckets, sum: this.sum, count: this.count };
  }
}

export interface HistogramOptions<L extends string> extends MetricOptions<L> {
  /** Upper bounds, ascending, without +Inf. */
  buckets: readonly number[];
}

/** Distribution of observations (`le` buckets, `_sum`, `_count`); name it with its unit, e.g. `*_seconds`. */
export class Histogram<L extends string = never> extends Metric<L, HistogramChild> {
  private readonly bounds: readonly number[];
  private readonly leLabels: readonly string[];

  constructor(options: HistogramOptions<L>) {
    super(options, 'histogram');
    const sorted = options.buckets.every((b, i, all) => i === 0 || b > (all[i - 1] as number));
    if (!sorted || options.buckets.length === 0) throw new Error(`${options.name}: buckets must be ascending and non-empty`);
    this.bounds = [...options.buckets];
    this.leLabels = [...this.bounds.map((b) => `le="${formatValue(b)}"`), 'le="+Inf"'];
  }

  observe(labels: Labels<L>, value: number): void {
    this.labels(labels).observe(value);
  }

  protected newChild(): HistogramChild {
    return new HistogramValue(this.bounds);
  }

  protected renderChild(child: HistogramChild, name: string, labelNames: readonly string[], escaped: readonly string[]): string {
    const { buckets, sum, count } = child.snapshot();
    let out = '';
    for (let i = 0; i < buckets.length; i++) {
      out += `${name}_bucket${labelBlock(labelNames, escaped, this.leLabels[i])} ${formatValue(buckets[i] as number)}\n`;
    }
    const labels = labelBlock(labelNames, escaped);
    return `${out}${name}_sum${labels} ${formatValue(sum)}\n${name}_count${labels} ${formatValue(count)}\n`;
  }
}
