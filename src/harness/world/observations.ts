import type { Log, LogLevel, Metrics } from '../../pipeline/observability.js';

/**
 * What the pipeline's Metrics and Log callbacks emitted during a run: metric totals, and the warnings and
 * errors (kept in order, bounded) for reports. Nothing here feeds back into the simulation.
 */
export class Observations implements Metrics {
  readonly metrics = new Map<string, number>();
  readonly problems: { readonly level: LogLevel; readonly message: string }[] = [];
  private readonly maxProblems = 500;

  readonly log: Log = (level, message) => {
    if ((level === 'warning' || level === 'error') && this.problems.length < this.maxProblems) {
      this.problems.push({ level, message });
    }
  };

  count(name: string, value = 1): void {
    this.metrics.set(name, (this.metrics.get(name) ?? 0) + value);
  }
}
