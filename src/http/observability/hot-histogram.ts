// Labelled Prometheus histograms for what happens on every request, exposed through a prom-client registry.
// prom-client's bound children still validate and hash their labels on each observe (~1 µs, twice per request
// with the counter); these cells cost a short bucket scan and two additions, and formatting waits for the scrape.
import type { Metric, Registry } from 'prom-client';

/** One label combination: non-cumulative bucket counts, the last one for +Inf. */
export class HistogramCell {
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(readonly labels: Readonly<Record<string, string>>, private readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length + 1);
  }

  observe(value: number): void {
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && value > bounds[i]!) i++;
    this.counts[i]! += 1;
    this.sum += value;
    this.count += 1;
  }

  reset(): void {
    this.counts.fill(0);
    this.sum = 0;
    this.count = 0;
  }
}

interface MetricValue {
  value: number;
  labels: Record<string, string | number>;
  metricName?: string;
}

/** The shape prom-client's Registry reads from a metric: it only calls get() and reset(). */
abstract class CellMetric {
  readonly aggregator = 'sum';
  abstract readonly type: 'histogram' | 'counter';

  constructor(readonly name: string, readonly help: string) {}

  abstract values(): MetricValue[];
  abstract reset(): void;

  async get() {
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values: this.values() };
  }

  register(registry: Registry): void {
    // Duck-typed on purpose (see the header): the registry formats whatever get() returns.
    registry.registerMetric(this as unknown as Metric);
  }
}

export class HotHistogram extends CellMetric {
  readonly type = 'histogram';
  private readonly cells = new Map<string, HistogramCell>();

  constructor(name: string, help: string, readonly labelNames: readonly string[], readonly bounds: readonly number[]) {
    super(name, help);
  }

  /** Binds a child once; callers keep it and observe on it without touching labels again. */
  child(...labelValues: string[]): HistogramCell {
    const key = labelValues.join('\u0000');
    let cell = this.cells.get(key);
    if (!cell) {
      const labels: Record<string, string> = {};
      this.labelNames.forEach((name, i) => (labels[name] = labelValues[i] ?? ''));
      cell = new HistogramCell(labels, this.bounds);
      this.cells.set(key, cell);
    }
    return cell;
  }

  allCells(): Iterable<HistogramCell> {
    return this.cells.values();
  }

  values(): MetricValue[] {
    const values: MetricValue[] = [];
    for (const cell of this.cells.values()) {
      let cumulative = 0;
      for (let i = 0; i <= this.bounds.length; i++) {
        cumulative += cell.counts[i]!;
        const le = i < this.bounds.length ? this.bounds[i]! : '+Inf';
        values.push({ metricName: `${this.name}_bucket`, labels: { ...cell.labels, le }, value: cumulative });
      }
      values.push({ metricName: `${this.name}_sum`, labels: cell.labels, value: cell.sum });
      values.push({ metricName: `${this.name}_count`, labels: cell.labels, value: cell.count });
    }
    return values;
  }

  // Cells are zeroed, not dropped: callers hold them.
  reset(): void {
    for (const cell of this.cells.values()) cell.reset();
  }
}

/** A counter read off a histogram's observation counts, so counting costs nothing more on the hot path. */
export class CountOfHistogram extends CellMetric {
  readonly type = 'counter';

  constructor(name: string, help: string, private readonly histogram: HotHistogram) {
    super(name, help);
  }

  values(): MetricValue[] {
    return [...this.histogram.allCells()].map((cell) => ({ labels: cell.labels, value: cell.count }));
  }

  reset(): void {}
}
