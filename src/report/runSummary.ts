import { threadId } from 'node:worker_threads';
import type { NondeterminismReport } from '../harness/determinism.js';
import type { RunResult } from '../harness/runScenario.js';
import type { StrategyName } from '../sim/strategies/strategy.js';

/**
 * `summary.json` of a run report: what ran (scenario, profile, flags, seed, strategy, token, build), what
 * it did (hash, steps, scheduling choices, virtual time), what broke, the fault and model coverage, the
 * world's observations, and which host produced it. Keys come in a fixed order so two reports of the
 * same run differ only in the host section.
 */
export interface RunContext {
  readonly scenario: string;
  readonly profile: string;
  readonly strategy: StrategyName;
  /** The token that reproduces the run. */
  readonly token: string;
  readonly build: string;
  /** Set when a second run of the same input gave another hash. */
  readonly nondeterminism?: NondeterminismReport;
}

export function replayCommandLine(token: string): string {
  return `npx receipt-sim replay ${token}`;
}

export function runSummary(result: RunResult, context: RunContext): Record<string, unknown> {
  return {
    scenario: context.scenario,
    profile: context.profile,
    seed: result.seed,
    strategy: context.strategy,
    flags: result.flags,
    token: context.token,
    replay: replayCommandLine(context.token),
    build: context.build,
    hash: result.hash,
    end: result.end,
    steps: result.steps,
    schedulingChoices: result.schedulingChoices,
    schedulingPoints: result.schedulingPoints,
    virtualMs: result.virtualMs,
    violations: result.violations,
    nondeterminism: context.nondeterminism ?? null,
    faultCoverage: result.faults,
    modelCoverage: result.modelCoverage,
    observations: result.observations,
    host: {
      node: process.version,
      platform: process.platform,
      arch: process.arch,
      pid: process.pid,
      // 0 on the main thread; a worker's id when an exploration ran the seed in a worker.
      threadId,
    },
  };
}
