/**
 * Medians over repetitions. A capped search measures only a lower bound ("≥ cap"), so its samples are
 * censored: the median of a set with censored samples is exact only when every censored sample lies at or
 * above it; otherwise the median of the bounds is itself only a lower bound.
 */
export interface Measure {
  readonly value: number;
  /** True when `value` is a lower bound (the search was capped before it found anything). */
  readonly capped: boolean;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function censoredMedian(samples: readonly Measure[]): Measure {
  const exact = samples.filter((s) => !s.capped).map((s) => s.value);
  const caps = samples.filter((s) => s.capped).map((s) => s.value);
  // Capped samples ordered last (as if infinite): if the middle is exact and no cap lies below it, it is the median.
  const ordered = [...exact.sort((a, b) => a - b), ...caps.map(() => Infinity)];
  const candidate = median(ordered);
  if (Number.isFinite(candidate) && caps.every((cap) => cap >= candidate)) return { value: candidate, capped: false };
  return { value: median(samples.map((s) => s.value)), capped: true };
}

/** `12`, `≥ 1000` */
export function formatMeasure(measure: Measure, format: (value: number) => string = String): string {
  return `${measure.capped ? '≥ ' : ''}${format(measure.value)}`;
}
