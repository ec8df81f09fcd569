import type { Log, LogLevel, Metrics } from '../../pipeline/observability.js';

/**
 * What the pipeline's Metrics and Log callbacks emitted during a run: metric totals, log lines counted by
 * message (and by `message [reason]` when the line has a string `reason` field), and the warnings and
 * errors (kept in order, bounded) for reports. Nothing here feeds back into the simulation.
 */
export class Observations implements Metrics {
  readonly metrics = new Map<string, number>();
  readonly logLines = new Map<string, number>();
  readonly problems: { readonly level: LogLevel; readonly message: string }[] = [];
  private readonly maxProblems = 500;

  readonly log: Log = (level, message, fields) => {
    increment(this.logLines, message);
    const reason = fields?.reason;
    if (typeof reason === 'string') increment(this.logLines, `${message} [${reason}]`);
    if ((level === 'warning' || level === 'error') && this.problems.length < this.maxProblems) {
      this.problems.push({ level, message });
    }
  };

  count(name: string, value = 1): void {
    increment(this.metrics, name, value);
  }

  metric(name: string): number {
    return this.metrics.get(name) ?? 0;
  }

  logged(message: string): number {
    return this.logLines.get(message) ?? 0;
  }
}

function increment(counts: Map<string, number>, key: string, value = 1): void {
  counts.set(key, (counts.get(key) ?? 0) + value);
}
