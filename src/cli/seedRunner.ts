import { checkReproducible, type NondeterminismReport } from '../harness/determinism.js';
import { type RunResult, runScenario } from '../harness/runScenario.js';
import type { Flags, Scenario } from '../harness/scenario.js';
import type { StrategyName } from '../sim/strategies/strategy.js';
import { encodeToken, type RunToken } from '../sim/token.js';
import { buildId } from './buildInfo.js';

/**
 * Runs seeds base..base+count−1 of one scenario (keeping those of this shard), within a wall-clock budget,
 * reporting progress. Every violating seed is re-run once from its recorded choices to check it reproduces.
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
}

export interface SeedRunSummary {
  readonly scenario: string;
  readonly strategy: StrategyName;
  readonly seedsRun: number;
  readonly elapsedMs: number;
  readonly steps: number;
  readonly virtualMs: number;
  readonly hashes: readonly { readonly seed: number; readonly hash: string }[];
  readonly failures: readonly SeedFailure[];
  readonly budgetExhausted: boolean;
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

export async function runSeeds(options: SeedRunOptions): Promise<SeedRunSummary> {
  const started = performance.now();
  const hashes: { seed: number; hash: string }[] = [];
  const failures: SeedFailure[] = [];
  let steps = 0;
  let virtualMs = 0;
  let budgetExhausted = false;
  const seeds: number[] = [];
  for (let i = 0; i < options.count; i++) {
    if (options.shard === undefined || i % options.shard.count === options.shard.index - 1) {
      seeds.push((options.seedBase + i) >>> 0);
    }
  }
  let lastYield = started;
  for (const seed of seeds) {
    const elapsed = performance.now() - started;
    if (options.budgetMs !== undefined && elapsed >= options.budgetMs) {
      budgetExhausted = true;
      break;
    }
    const request = { scenario: options.scenario, seed, strategy: options.strategy, flags: options.flags };
    const result = await runScenario(request);
    hashes.push({ seed, hash: result.hash });
    steps += result.steps;
    virtualMs += result.virtualMs;
    if (result.violations.length > 0) {
      const nondeterminism = await checkReproducible(request, result);
      failures.push({
        seed,
        hash: result.hash,
        token: encodeToken(tokenFor(options.scenario, options.strategy, result, false)),
        result,
        ...(nondeterminism === undefined ? {} : { nondeterminism }),
      });
    }
    if (performance.now() - lastYield > 100) {
      lastYield = performance.now();
      options.onProgress?.({ done: hashes.length, total: seeds.length, violating: failures.length, elapsedMs: lastYield - started });
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  return {
    scenario: options.scenario.name,
    strategy: options.strategy,
    seedsRun: hashes.length,
    elapsedMs: performance.now() - started,
    steps,
    virtualMs,
    hashes,
    failures,
    budgetExhausted,
  };
}

export function formatProgress(p: SeedProgress): string {
  const rate = p.done / Math.max(p.elapsedMs / 1000, 1e-3);
  const etaSeconds = rate > 0 ? (p.total - p.done) / rate : 0;
  return `seeds ${p.done}/${p.total}  ${rate.toFixed(0)} seeds/s  violations ${p.violating}  ETA ${etaSeconds.toFixed(0)}s`;
}
