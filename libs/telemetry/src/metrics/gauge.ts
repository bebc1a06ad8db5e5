import { formatValue, labelBlock } from './exposition';
import { Metric, type Labels, type MetricOptions } from './metric';

export interface GaugeChild {
  set(value: number): void;
  inc(amount?: number): void;
  dec(amount?: number): void;
  get(): number;
}

class GaugeValue implements GaugeChild {
  value = 0;
  set(value: number): void {
    this.value = value;
  }
  inc(amount = 1): void {
    this.value += amount;
  }
  dec(amount = 1): void {
    this.value -= amount;
  }
  get(): number {
    return this.value;
  }
}

export interface GaugeOptions<L extends string> extends MetricOptions<L> {
  /**
   * Called at every scrape, before rendering: read the current value from its owner (spool depth, consumer lag,
   * circuit state) instead of pushing every change. A throwing callback leaves the previous values.
   */
  collect?: (gauge: Gauge<L>) => void;
}

/** A value that goes up and down. */
export class Gauge<L extends string = never> extends Metric<L, GaugeChild> {
  private readonly onCollect: ((gauge: Gauge<L>) => void) | undefined;

  constructor(options: GaugeOptions<L>) {
    super(options, 'gauge');
    this.onCollect = options.collect;
  }

  set(labels: Labels<L>, value: number): void {
    this.labels(labels).set(value);
  }

  override collect(): void {
    try {
      this.onCollect?.(this);
    } catch {
      // A scrape must not fail because one source is unavailable; the last values stay.
    }
  }

  protected newChild(): GaugeChild {
    return new GaugeValue();
  }

  protected renderChild(child: GaugeChild, name: string, labelNames: readonly string[], escaped: readonly string[]): string {
    return `${name}${labelBlock(labelNames, escaped)} ${formatValue(child.get())}\n`;
  }
}
