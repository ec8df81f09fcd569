import { searchFirstFailure } from '../harness/explore/search.js';
import type { ExplorationTarget } from '../harness/explore/targets.js';
import { ShrinkError, shrinkFailure } from '../harness/shrink.js';
import { type FoundFailure, type FoundFailures, foundFailure, repetitionSeedBase } from './firstFailure.js';
import { median } from './median.js';

/**
 * Shrink time and trace length before and after, per `violates` scenario, over repetitions: each shrinks
 * one failing run, taken from the first-failure section when it found enough, else found here by a
 * capped uniform-random search. Shrinking is `shrinkFailure`, as `explore` runs it, within a time limit.
 */
export interface ShrinkBenchOptions {
  readonly targets: readonly ExplorationTarget[];
  readonly reps: number;
  readonly seedBase: number;
  readonly capSeeds: number;
  readonly capMs: number;
  /** Wall-time limit of one shrink. */
  readonly shrinkMs: number;
  readonly clock: () => number;
  readonly onProgress?: (label: string, rep: number, runs: number, schedulingChoices: number) => void;
  readonly onSample?: (label: string, rep: number, sample: ShrinkSample | undefined) => void;
}

export interface ShrinkSample {
  readonly strategy: 'random' | 'pct';
  readonly seed: number;
  readonly wallMs: number;
  /** Candidate runs tried. */
  readonly runs: number;
  readonly budgetExhausted: boolean;
  readonly before: { readonly schedulingChoices: number; readonly steps: number };
  readonly after?: { readonly schedulingChoices: number; readonly steps: number };
  /** Why the shrunk run could not be kept (a harness problem). */
  readonly error?: string;
}

export interface ScenarioShrink {
  readonly scenario: string;
  readonly samples: readonly ShrinkSample[];
  /** Repetitions that had no failing run to shrink (every search capped). */
  readonly notFound: number;
  readonly medianWallMs?: number;
  readonly medianBefore?: { readonly schedulingChoices: number; readonly steps: number };
  readonly medianAfter?: { readonly schedulingChoices: number; readonly steps: number };
}

export async function measureShrinks(options: ShrinkBenchOptions, found: FoundFailures): Promise<ScenarioShrink[]> {
  const results: ScenarioShrink[] = [];
  for (const target of options.targets) {
    const samples: ShrinkSample[] = [];
    let notFound = 0;
    for (let rep = 0; rep < options.reps; rep++) {
      const failing = found.get(target.scenario.name)?.[rep] ?? (await search(target, rep, options));
      const sample = failing === undefined ? undefined : await shrinkOne(target, failing, rep, options);
      if (sample === undefined) notFound++;
      else samples.push(sample);
      options.onSample?.(target.label, rep, sample);
    }
    const kept = samples.filter((s) => s.after !== undefined);
    const medianOf = (pick: (s: ShrinkSample) => { readonly schedulingChoices: number; readonly steps: number }) => ({
      schedulingChoices: median(kept.map((s) => pick(s).schedulingChoices)),
      steps: median(kept.map((s) => pick(s).steps)),
    });
    results.push({
      scenario: target.scenario.name,
      samples,
      notFound,
      ...(kept.length === 0
        ? {}
        : { medianWallMs: median(kept.map((s) => s.wallMs)), medianBefore: medianOf((s) => s.before), medianAfter: medianOf((s) => s.after!) }),
    });
  }
  return results;
}

async function search(target: ExplorationTarget, rep: number, options: ShrinkBenchOptions): Promise<FoundFailure | undefined> {
  const outcome = await searchFirstFailure(target, {
    strategy: 'random',
    seedBase: repetitionSeedBase(options.seedBase, rep),
    budgetMs: options.capMs,
    maxSeeds: options.capSeeds,
    clock: options.clock,
  });
  return outcome.failure === undefined || outcome.nondeterminism !== undefined ? undefined : foundFailure('random', outcome.failure);
}

async function shrinkOne(target: ExplorationTarget, failing: FoundFailure, rep: number, options: ShrinkBenchOptions): Promise<ShrinkSample> {
  const started = options.clock();
  const base = {
    strategy: failing.strategy,
    seed: failing.seed,
    before: { schedulingChoices: failing.schedulingChoices, steps: failing.steps },
  };
  try {
    const shrink = await shrinkFailure(target.scenario, failing, {
      targets: target.invariants,
      maxRuns: 1_000,
      timeLimitMs: options.shrinkMs,
      clock: options.clock,
      onProgress: (p) => options.onProgress?.(target.label, rep, p.runs, p.schedulingChoices),
    });
    return {
      ...base,
      wallMs: options.clock() - started,
      runs: shrink.runs,
      budgetExhausted: shrink.budgetExhausted,
      after: { schedulingChoices: shrink.after.schedulingChoices, steps: shrink.result.steps },
    };
  } catch (error) {
    if (!(error instanceof ShrinkError)) throw error;
    return { ...base, wallMs: options.clock() - started, runs: 0, budgetExhausted: false, error: error.message };
  }
}
