/**
 * Observations of many runs (`World.observations()`, one record per seed) summarised: the mean of every
 * count per seed, and for the 0/1 indicators (the overlap measures) the share of seeds where it was 1.
 */
export interface ObservationSummary {
  readonly seeds: number;
  readonly means: Readonly<Record<string, number>>;
  /** Indicator name → share of seeds in [0, 1]. */
  readonly shares: Readonly<Record<string, number>>;
}

export const indicatorObservations: ReadonlySet<string> = new Set(['compactionOverlap', 'validationCompactionOverlap']);

export function summariseObservations(records: readonly Readonly<Record<string, number>>[]): ObservationSummary {
  const totals = new Map<string, number>();
  for (const record of records) for (const [key, value] of Object.entries(record)) totals.set(key, (totals.get(key) ?? 0) + value);
  const means: Record<string, number> = {};
  const shares: Record<string, number> = {};
  for (const [key, total] of totals) (indicatorObservations.has(key) ? shares : means)[key] = total / Math.max(records.length, 1);
  return { seeds: records.length, means, shares };
}

/** Two lines for a terminal: the means, then the shares in percent. */
export function formatObservationSummary(summary: ObservationSummary): string[] {
  const means = Object.entries(summary.means).map(([key, value]) => `${key} ${Number.isInteger(value) ? value : value.toFixed(2)}`);
  const shares = Object.entries(summary.shares).map(([key, value]) => `${key} ${(value * 100).toFixed(0)} %`);
  return [`observed (mean per seed over ${summary.seeds} seeds): ${means.join(', ')}`, `share of seeds: ${shares.join(', ')}`];
}
