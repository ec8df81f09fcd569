import type { ExplorationTarget } from '../../harness/explore/targets.js';
import { runNaive } from './runNaive.js';

/**
 * The naive baseline's search for a first failure: run the target's world again and again under real
 * timers and `Math.random` until a run breaks one of the target's invariants, or the cap (runs or wall
 * time, the same caps as the seeded searches) is reached. A run still going at the time cap is abandoned.
 */
export interface NaiveSearchOptions {
  readonly maxRuns: number;
  readonly budgetMs: number;
  /** Wall clock in milliseconds (`performance.now`: the driver's deadline is on that clock). */
  readonly clock: () => number;
  readonly onProgress?: (runs: number, elapsedMs: number) => void;
}

export interface NaiveSearchOutcome {
  /** Runs started, including one abandoned at the time cap. */
  readonly runs: number;
  readonly elapsedMs: number;
  /** The invariants the failing run broke (every one, target or not); absent when capped. */
  readonly invariants?: readonly string[];
  /** Steps of the failing run. */
  readonly steps?: number;
}

export async function naiveFirstFailure(target: ExplorationTarget, options: NaiveSearchOptions): Promise<NaiveSearchOutcome> {
  const started = options.clock();
  const elapsed = (): number => options.clock() - started;
  let runs = 0;
  while (runs < options.maxRuns && elapsed() < options.budgetMs) {
    runs++;
    const result = await runNaive(target.scenario, { flags: target.flags, deadline: started + options.budgetMs });
    options.onProgress?.(runs, elapsed());
    if (result.aborted) break;
    const invariants = [...new Set(result.violations.map((v) => v.invariant))].sort();
    if (invariants.some((i) => target.invariants.includes(i))) return { runs, elapsedMs: elapsed(), invariants, steps: result.steps };
  }
  return { runs, elapsedMs: elapsed() };
}
