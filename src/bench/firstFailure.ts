import { searchFirstFailure } from '../harness/explore/search.js';
import type { ExplorationTarget } from '../harness/explore/targets.js';
import type { RunResult } from '../harness/runScenario.js';
import { type Measure, censoredMedian } from './median.js';
import { naiveFirstFailure } from './naive/naiveSearch.js';

/**
 * Seeds and wall time to the first failure of each `violates` scenario, with uniform random, PCT and the
 * naive baseline, each repeated with a different seed base. A search stops at the cap (seeds or wall
 * time); a capped search counts as "≥ cap" in the medians.
 */
export type BenchStrategy = 'random' | 'pct' | 'naive';
export const benchStrategies: readonly BenchStrategy[] = ['random', 'pct', 'naive'];

export interface FirstFailureOptions {
  readonly targets: readonly ExplorationTarget[];
  readonly reps: number;
  readonly seedBase: number;
  readonly capSeeds: number;
  readonly capMs: number;
  /** `performance.now` (the naive driver's deadline is on that clock). */
  readonly clock: () => number;
  readonly onProgress?: (label: string, strategy: BenchStrategy, rep: number, seeds: number, elapsedMs: number) => void;
  readonly onSample?: (label: string, strategy: BenchStrategy, rep: number, sample: SearchSample) => void;
}

export interface SearchSample {
  readonly seedBase?: number;
  /** Seeds run (for the naive baseline: runs). */
  readonly seeds: number;
  readonly wallMs: number;
  readonly found: boolean;
  readonly seed?: number;
  readonly invariants?: readonly string[];
  /** Set when the failing run did not reproduce its hash (a harness problem). */
  readonly nondeterminism?: string;
}

export interface StrategyFirstFailure {
  readonly strategy: BenchStrategy;
  readonly samples: readonly SearchSample[];
  readonly medianSeeds: Measure;
  readonly medianWallMs: Measure;
}

export interface ScenarioFirstFailure {
  readonly scenario: string;
  readonly invariants: readonly string[];
  readonly strategies: readonly StrategyFirstFailure[];
}

/** What the shrink section needs of a failing run found by a seeded search (not its trace). */
export type FoundFailure = Pick<RunResult, 'seed' | 'flags' | 'choices' | 'violations' | 'schedulingChoices' | 'hash' | 'steps'> & {
  readonly strategy: 'random' | 'pct';
};

/** The failing runs found by the seeded searches, by scenario, in the order found. */
export type FoundFailures = Map<string, FoundFailure[]>;

export function foundFailure(strategy: 'random' | 'pct', run: RunResult): FoundFailure {
  const { seed, flags, choices, violations, schedulingChoices, hash, steps } = run;
  return { strategy, seed, flags, choices, violations, schedulingChoices, hash, steps };
}

export async function measureFirstFailures(options: FirstFailureOptions, found: FoundFailures): Promise<ScenarioFirstFailure[]> {
  const results: ScenarioFirstFailure[] = [];
  for (const target of options.targets) {
    const strategies: StrategyFirstFailure[] = [];
    for (const strategy of benchStrategies) {
      const samples: SearchSample[] = [];
      for (let rep = 0; rep < options.reps; rep++) {
        const progress = (seeds: number, elapsedMs: number): void => options.onProgress?.(target.label, strategy, rep, seeds, elapsedMs);
        const sample = strategy === 'naive' ? await naiveSample(target, options, progress) : await seededSample(target, strategy, rep, options, progress, found);
        samples.push(sample);
        options.onSample?.(target.label, strategy, rep, sample);
      }
      strategies.push({
        strategy,
        samples,
        medianSeeds: censoredMedian(samples.map((s) => ({ value: s.seeds, capped: !s.found }))),
        medianWallMs: censoredMedian(samples.map((s) => ({ value: s.wallMs, capped: !s.found }))),
      });
    }
    results.push({ scenario: target.scenario.name, invariants: target.invariants, strategies });
  }
  return results;
}

/** Seed bases of different repetitions lie far apart, so their seed ranges never overlap. */
export function repetitionSeedBase(seedBase: number, rep: number): number {
  return (seedBase + rep * 0x01000193) >>> 0;
}

async function seededSample(
  target: ExplorationTarget,
  strategy: 'random' | 'pct',
  rep: number,
  options: FirstFailureOptions,
  progress: (seeds: number, elapsedMs: number) => void,
  found: FoundFailures,
): Promise<SearchSample> {
  const seedBase = repetitionSeedBase(options.seedBase, rep);
  const outcome = await searchFirstFailure(target, {
    strategy,
    seedBase,
    budgetMs: options.capMs,
    maxSeeds: options.capSeeds,
    clock: options.clock,
    onProgress: (p) => progress(p.seeds, p.elapsedMs),
  });
  const failure = outcome.failure;
  if (failure === undefined) return { seedBase, seeds: outcome.seedsRun, wallMs: outcome.elapsedMs, found: false };
  if (outcome.nondeterminism === undefined) {
    const list = found.get(target.scenario.name) ?? [];
    list.push(foundFailure(strategy, failure));
    found.set(target.scenario.name, list);
  }
  return {
    seedBase,
    seeds: outcome.seedsRun,
    wallMs: outcome.elapsedMs,
    found: true,
    seed: failure.seed,
    invariants: [...new Set(failure.violations.map((v) => v.invariant))].sort(),
    ...(outcome.nondeterminism === undefined ? {} : { nondeterminism: `re-run hash ${outcome.nondeterminism.secondHash} ≠ ${outcome.nondeterminism.firstHash} from step ${outcome.nondeterminism.step}` }),
  };
}

async function naiveSample(target: ExplorationTarget, options: FirstFailureOptions, progress: (seeds: number, elapsedMs: number) => void): Promise<SearchSample> {
  const outcome = await naiveFirstFailure(target, { maxRuns: options.capSeeds, budgetMs: options.capMs, clock: options.clock, onProgress: progress });
  return {
    seeds: outcome.runs,
    wallMs: outcome.elapsedMs,
    found: outcome.invariants !== undefined,
    ...(outcome.invariants === undefined ? {} : { invariants: outcome.invariants }),
  };
}
