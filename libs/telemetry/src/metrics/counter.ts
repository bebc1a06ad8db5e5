import { formatValue, labelBlock } from './exposition';
import { Metric, type Labels, type MetricOptions } from './metric';

export interface CounterChild {
  /** Adds `amount` (default 1); negative amounts are ignored (a counter only goes up). */
  inc(amount?: number): void;
  get(): number;
}

class CounterValue implements CounterChild {
  value = 0;
  inc(amount = 1): void {
    if (amount > 0) this.value += amount;
  }
  get(): number {
    return this.value;
  }
}

/** A monotonically increasing total; name it `*_total`. */
export class Counter<L extends string = never> extends Metric<L, CounterChild> {
  constructor(options: MetricOptions<L>) {
    super(options, 'counter');
  }

  inc(labels: Labels<L>, amount = 1): void {
    this.labels(labels).inc(amount);
  }

  protected newChild(): CounterChild {
    return new CounterValue();
  }

  protected renderChild(child: CounterChild, name: string, labelNames: readonly string[], escaped: readonly string[]): string {
    return `${name}${labelBlock(labelNames, escaped)} ${formatValue(child.get())}\n`;
  }
}
