import type { StrategyName } from '../../sim/strategies/strategy.js';
import { checkReproducible, type NondeterminismReport } from '../determinism.js';
import { type RunResult, runScenario } from '../runScenario.js';
import type { ExplorationTarget } from './targets.js';

/**
 * Searches seeds base, base+1, … of one target with one strategy until a run breaks one of the target's
 * invariants or the wall-time budget (or the seed cap, when given) runs out. The failing run is re-run once
 * from its recorded decisions (design.md: every failure is checked for nondeterminism).
 */
export interface SearchOptions {
  readonly strategy: StrategyName;
  readonly seedBase: number;
  readonly budgetMs: number;
  /** Largest number of seeds to run (default: no cap but the budget). */
  readonly maxSeeds?: number;
  /** Wall clock in milliseconds; the harness reads none itself. */
  readonly clock: () => number;
  readonly onProgress?: (progress: SearchProgress) => void;
}

export interface SearchProgress {
  readonly seeds: number;
  readonly elapsedMs: number;
}

export interface SearchOutcome {
  readonly strategy: StrategyName;
  readonly seedBase: number;
  readonly seedsRun: number;
  /** Wall time until the failing run ended (or the whole search when nothing was found). */
  readonly elapsedMs: number;
  readonly failure?: RunResult;
  readonly nondeterminism?: NondeterminismReport;
}

export async function searchFirstFailure(target: ExplorationTarget, options: SearchOptions): Promise<SearchOutcome> {
  const started = options.clock();
  const elapsed = (): number => options.clock() - started;
  const maxSeeds = options.maxSeeds ?? Infinity;
  let seedsRun = 0;
  while (seedsRun === 0 || (elapsed() < options.budgetMs && seedsRun < maxSeeds)) {
    const seed = (options.seedBase + seedsRun) >>> 0;
    const request = { scenario: target.scenario, seed, strategy: options.strategy, flags: target.flags };
    const result = await runScenario(request);
    seedsRun++;
    options.onProgress?.({ seeds: seedsRun, elapsedMs: elapsed() });
    if (result.violations.some((v) => target.invariants.includes(v.invariant))) {
      const elapsedMs = elapsed();
      const nondeterminism = await checkReproducible(request, result);
      return { strategy: options.strategy, seedBase: options.seedBase, seedsRun, elapsedMs, failure: result, ...(nondeterminism === undefined ? {} : { nondeterminism }) };
    }
  }
  return { strategy: options.strategy, seedBase: options.seedBase, seedsRun, elapsedMs: elapsed() };
}
