import type { ScenarioFirstFailure, StrategyFirstFailure } from './firstFailure.js';
import type { Measure } from './median.js';

/**
 * The better of the two seeded strategies for a scenario: the one with the smaller median wall time to the
 * first failure (a found median beats a capped one), and how many times faster it is than the naive
 * baseline. The ratio is a lower bound when the naive search was capped, and unknown when the better
 * strategy itself was capped.
 */
export interface Comparison {
  readonly better: StrategyFirstFailure;
  readonly naive?: StrategyFirstFailure;
  /** Naive median wall time over the better strategy's; absent when it cannot be told. */
  readonly speedup?: Measure;
}

export function compare(scenario: ScenarioFirstFailure): Comparison | undefined {
  const seeded = scenario.strategies.filter((s) => s.strategy !== 'naive');
  const better = seeded.reduce<StrategyFirstFailure | undefined>((best, s) => (best === undefined || faster(s.medianWallMs, best.medianWallMs) ? s : best), undefined);
  if (better === undefined) return undefined;
  const naive = scenario.strategies.find((s) => s.strategy === 'naive');
  if (naive === undefined || better.medianWallMs.capped) return { better, ...(naive === undefined ? {} : { naive }) };
  const speedup = { value: naive.medianWallMs.value / Math.max(better.medianWallMs.value, 1e-3), capped: naive.medianWallMs.capped };
  return { better, naive, speedup };
}

function faster(a: Measure, b: Measure): boolean {
  if (a.capped !== b.capped) return !a.capped;
  return a.value < b.value;
}
