import { threadId } from 'node:worker_threads';
import { checkReproducible, type NondeterminismReport } from '../harness/determinism.js';
import { type RunResult, runScenario } from '../harness/runScenario.js';
import type { Flags, Scenario } from '../harness/scenario.js';
import type { StrategyName } from '../sim/strategies/strategy.js';
import { encodeToken, type RunToken } from '../sim/token.js';
import { buildId } from './buildInfo.js';

/**
 * Runs seeds base..base+count−1 of one scenario (keeping those of this shard), within a wall-clock budget,
 * reporting progress. Every violating seed is re-run once with the same input: another hash is nondeterminism.
 * `runSeed` is the work for one seed; this thread's loop (`runSeeds`) and the worker threads
 * (`workers/seedPool.ts`) both call it and both build their summary with `summariseSeeds`.
 */
export interface SeedRunOptions {
  readonly scenario: Scenario;
  readonly flags: Flags;
  readonly strategy: StrategyName;
  readonly seedBase: number;
  readonly count: number;
  readonly shard?: { readonly index: number; readonly count: number };
  readonly budgetMs?: number;
  readonly onProgress?: (progress: SeedProgress) => void;
}

export interface SeedProgress {
  readonly done: number;
  readonly total: number;
  readonly violating: number;
  readonly elapsedMs: number;
}

export interface SeedFailure {
  readonly seed: number;
  readonly hash: string;
  readonly token: string;
  readonly result: RunResult;
  readonly nondeterminism?: NondeterminismReport;
  /** The thread that ran the seed (and its re-run): 0 for the main thread, else a worker's `threadId`. */
  readonly threadId: number;
}

/** What one seed gave: the same whichever thread ran it, but for `threadId`. */
export interface SeedOutcome {
  readonly seed: number;
  readonly hash: string;
  readonly steps: number;
  readonly virtualMs: number;
  readonly observations: Readonly<Record<string, number>>;
  readonly threadId: number;
  readonly failure?: SeedFailure;
}

export interface SeedHash {
  readonly seed: number;
  readonly hash: string;
  readonly threadId: number;
}

export interface SeedRunSummary {
  readonly scenario: string;
  readonly strategy: StrategyName;
  readonly seedsRun: number;
  readonly elapsedMs: number;
  readonly steps: number;
  readonly virtualMs: number;
  /** In seed order, whichever thread finished first. */
  readonly hashes: readonly SeedHash[];
  /** What each seed's world observed, in the order of `hashes`. */
  readonly observations: readonly Readonly<Record<string, number>>[];
  readonly failures: readonly SeedFailure[];
  readonly budgetExhausted: boolean;
  /** The distinct threads that ran seeds, ascending (`[0]` when everything ran on the main thread). */
  readonly threadIds: readonly number[];
}

/** What one seed needs. A worker thread is given the scenario's name and finds the scenario in its own catalogue. */
export interface SeedJob {
  readonly scenario: Scenario;
  readonly flags: Flags;
  readonly strategy: StrategyName;
  readonly seed: number;
}

export function tokenFor(scenario: Scenario, strategy: StrategyName, result: RunResult, withChoices: boolean): RunToken {
  return {
    version: 1,
    build: buildId(),
    scenario: scenario.name,
    profile: scenario.profile,
    flags: result.flags,
    seed: result.seed,
    strategy,
    ...(withChoices ? { choices: result.choices } : {}),
  };
}

/** The seeds of the run, in order: base..base+count−1 (wrapping at 2³²), those of the shard only. */
export function seedsOf(options: Pick<SeedRunOptions, 'seedBase' | 'count' | 'shard'>): number[] {
  const seeds: number[] = [];
  for (let i = 0; i < options.count; i++) {
    if (options.shard === undefined || i % options.shard.count === options.shard.index - 1) {
      seeds.push((options.seedBase + i) >>> 0);
    }
  }
  return seeds;
}

/** Runs one seed on the calling thread; a violating seed is run a second time to check it reproduces. */
export async function runSeed(job: SeedJob): Promise<SeedOutcome> {
  const request = { scenario: job.scenario, seed: job.seed, strategy: job.strategy, flags: job.flags };
  const result = await runScenario(request);
  const outcome = { seed: job.seed, hash: result.hash, steps: result.steps, virtualMs: result.virtualMs, observations: result.observations, threadId };
  if (result.violations.length === 0) return outcome;
  const nondeterminism = await checkReproducible(request, result);
  const failure: SeedFailure = {
    seed: job.seed,
    hash: result.hash,
    token: encodeToken(tokenFor(job.scenario, job.strategy, result, false)),
    result,
    ...(nondeterminism === undefined ? {} : { nondeterminism }),
    threadId,
  };
  return { ...outcome, failure };
}

/** The summary of outcomes given in seed order. */
export function summariseSeeds(
  options: Pick<SeedRunOptions, 'scenario' | 'strategy'>,
  outcomes: readonly SeedOutcome[],
  elapsedMs: number,
  budgetExhausted: boolean,
): SeedRunSummary {
  return {
    scenario: options.scenario.name,
    strategy: options.strategy,
    seedsRun: outcomes.length,
    elapsedMs,
    steps: outcomes.reduce((sum, o) => sum + o.steps, 0),
    virtualMs: outcomes.reduce((sum, o) => sum + o.virtualMs, 0),
    hashes: outcomes.map((o) => ({ seed: o.seed, hash: o.hash, threadId: o.threadId })),
    observations: outcomes.map((o) => o.observations),
    failures: outcomes.flatMap((o) => (o.failure === undefined ? [] : [o.failure])),
    budgetExhausted,
    threadIds: [...new Set(outcomes.map((o) => o.threadId))].sort((a, b) => a - b),
  };
}

/** Runs the seeds one after another on this thread. */
export async function runSeeds(options: SeedRunOptions): Promise<SeedRunSummary> {
  const started = performance.now();
  const seeds = seedsOf(options);
  const outcomes: SeedOutcome[] = [];
  let violating = 0;
  let budgetExhausted = false;
  let lastYield = started;
  for (const seed of seeds) {
    if (options.budgetMs !== undefined && performance.now() - started >= options.budgetMs) {
      budgetExhausted = true;
      break;
    }
    const outcome = await runSeed({ scenario: options.scenario, flags: options.flags, strategy: options.strategy, seed });
    outcomes.push(outcome);
    if (outcome.failure !== undefined) violating++;
    if (performance.now() - lastYield > 100) {
      lastYield = performance.now();
      options.onProgress?.({ done: outcomes.length, total: seeds.length, violating, elapsedMs: lastYield - started });
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  return summariseSeeds(options, outcomes, performance.now() - started, budgetExhausted);
}

export function formatProgress(p: SeedProgress): string {
  const rate = p.done / Math.max(p.elapsedMs / 1000, 1e-3);
  const etaSeconds = rate > 0 ? (p.total - p.done) / rate : 0;
  return `seeds ${p.done}/${p.total}  ${rate.toFixed(0)} seeds/s  violations ${p.violating}  ETA ${etaSeconds.toFixed(0)}s`;
}
