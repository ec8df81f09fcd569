import type { StrategyName } from '../sim/strategies/strategy.js';
import { type SearchOutcome, type SearchProgress, searchFirstFailure } from './explore/search.js';
import type { ExplorationTarget } from './explore/targets.js';
import { type ShrinkProgress, type ShrinkResult, ShrinkError, shrinkFailure } from './shrink.js';

/**
 * Time-boxed exploration (design.md "Scenarios, witnesses and verdicts"): for every target and strategy,
 * search from scratch for the first run that breaks one of the target's invariants, then shrink what was
 * found. Finding comes first: the searches share three quarters of the budget (each gets what is left of
 * it divided by the searches still to run, so time a quick find saves goes to the later ones), and the
 * shrinks share whatever remains of the whole budget the same way.
 */
export interface ExploreOptions {
  readonly targets: readonly ExplorationTarget[];
  readonly strategies: readonly StrategyName[];
  readonly seedBase: number;
  readonly budgetMs: number;
  /** Wall clock in milliseconds (e.g. `performance.now`); the harness reads none itself. */
  readonly clock: () => number;
  /** Largest number of candidate runs per shrink (default 1000; the time share usually ends it first). */
  readonly shrinkRuns?: number;
  readonly onEvent?: (event: ExploreEvent) => void;
}

export type ExploreEvent =
  | { readonly type: 'search'; readonly target: ExplorationTarget; readonly strategy: StrategyName; readonly progress: SearchProgress }
  | { readonly type: 'searched'; readonly attempt: ExploreAttempt }
  | { readonly type: 'shrink'; readonly target: ExplorationTarget; readonly strategy: StrategyName; readonly progress: ShrinkProgress }
  | { readonly type: 'shrunk'; readonly attempt: ExploreAttempt };

export interface ExploreAttempt {
  readonly target: ExplorationTarget;
  readonly search: SearchOutcome;
  readonly shrink?: ShrinkResult;
  readonly shrinkMs?: number;
  /** Why the shrunk run could not be kept (it did not replay, or stopped failing): a harness problem. */
  readonly shrinkError?: string;
}

export interface ExploreReport {
  readonly attempts: readonly ExploreAttempt[];
  readonly elapsedMs: number;
}

const searchShare = 0.75;

export async function explore(options: ExploreOptions): Promise<ExploreReport> {
  const { clock } = options;
  const started = clock();
  const left = (budget: number): number => Math.max(0, budget - (clock() - started));
  const plan = options.targets.flatMap((target) => options.strategies.map((strategy) => ({ target, strategy })));
  const searched: ExploreAttempt[] = [];
  for (const [index, { target, strategy }] of plan.entries()) {
    const search = await searchFirstFailure(target, {
      strategy,
      seedBase: options.seedBase,
      budgetMs: left(options.budgetMs * searchShare) / (plan.length - index),
      clock,
      onProgress: (progress) => options.onEvent?.({ type: 'search', target, strategy, progress }),
    });
    searched.push({ target, search });
    options.onEvent?.({ type: 'searched', attempt: { target, search } });
  }
  const shrinkable = searched.filter((a) => a.search.failure !== undefined && a.search.nondeterminism === undefined);
  const attempts: ExploreAttempt[] = [];
  for (const attempt of searched) {
    const index = shrinkable.indexOf(attempt);
    if (index < 0) {
      attempts.push(attempt);
      continue;
    }
    const shrunk = await shrinkFound(options, attempt, left(options.budgetMs) / (shrinkable.length - index));
    attempts.push(shrunk);
    options.onEvent?.({ type: 'shrunk', attempt: shrunk });
  }
  return { attempts, elapsedMs: clock() - started };
}

async function shrinkFound(options: ExploreOptions, attempt: ExploreAttempt, budgetMs: number): Promise<ExploreAttempt> {
  const { target, search } = attempt;
  const { strategy } = search;
  const started = options.clock();
  try {
    const shrink = await shrinkFailure(
      target.scenario,
      { ...search.failure!, strategy },
      {
        targets: target.invariants,
        maxRuns: options.shrinkRuns ?? 1000,
        timeLimitMs: budgetMs,
        clock: options.clock,
        onProgress: (progress) => options.onEvent?.({ type: 'shrink', target, strategy, progress }),
      },
    );
    return { target, search, shrink, shrinkMs: options.clock() - started };
  } catch (error) {
    if (!(error instanceof ShrinkError)) throw error;
    return { target, search, shrinkMs: options.clock() - started, shrinkError: error.message };
  }
}

/** A target is found when some strategy's search broke one of its invariants. */
export function targetFound(report: ExploreReport, target: ExplorationTarget): boolean {
  return report.attempts.some((a) => a.target === target && a.search.failure !== undefined);
}

/**
 * The attempt on a target to keep as its witness: a shrunk run that breaks only invariants the target
 * expects if there is one, and of those the one with the fewest scheduling choices.
 */
export function bestShrunk(report: ExploreReport, target: ExplorationTarget): (ExploreAttempt & { readonly shrink: ShrinkResult }) | undefined {
  const rank = (shrink: ShrinkResult): [number, number] => [
    shrink.result.violations.some((v) => !target.invariants.includes(v.invariant)) ? 1 : 0,
    shrink.after.schedulingChoices,
  ];
  let best: (ExploreAttempt & { readonly shrink: ShrinkResult }) | undefined;
  for (const attempt of report.attempts) {
    const shrink = attempt.shrink;
    if (attempt.target !== target || shrink === undefined) continue;
    const [unexpected, choices] = rank(shrink);
    const current = best === undefined ? undefined : rank(best.shrink);
    if (current === undefined || unexpected < current[0] || (unexpected === current[0] && choices < current[1])) best = { ...attempt, shrink };
  }
  return best;
}
