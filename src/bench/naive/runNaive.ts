import type { RunEnd } from '../../sim/driver.js';
import { Simulation } from '../../sim/simulation.js';
import { UniformRandomStrategy } from '../../sim/strategies/uniformRandom.js';
import { resolveFlags } from '../../harness/runScenario.js';
import type { Flags, Scenario, Violation } from '../../harness/scenario.js';
import { MathRandomChoices } from './mathRandomChoices.js';
import { NaiveRunAborted, RealTimeDriver } from './realTimeDriver.js';

/**
 * One run of the naive baseline: the scenario's own world (pipeline, workload, faults and fakes) built on
 * a simulation whose decisions come from `Math.random` and whose actors are driven by real timers
 * (`RealTimeDriver`), then judged by the world's own invariant checks, exactly as `runScenario` judges a
 * seeded run. The identifiers of the Random port come from a `Math.random` seed, so they differ per run.
 */
export interface NaiveRunOptions {
  readonly flags?: Flags;
  /** Real `performance.now()` at which the run is abandoned (the search's cap). */
  readonly deadline?: number;
}

export type NaiveRunResult =
  | {
      readonly aborted: false;
      readonly end: RunEnd;
      readonly steps: number;
      readonly virtualMs: number;
      readonly violations: readonly Violation[];
    }
  | { readonly aborted: true; readonly steps: number };

export async function runNaive(scenario: Scenario, options: NaiveRunOptions = {}): Promise<NaiveRunResult> {
  const flags = resolveFlags(scenario, options.flags);
  const sim = new Simulation({
    seed: Math.floor(Math.random() * 0x100000000) >>> 0,
    choices: new MathRandomChoices(),
    strategy: new UniformRandomStrategy(),
    faults: scenario.faults,
    epochMs: scenario.epochMs,
    driver: (stepCount) => new RealTimeDriver(stepCount, { deadline: options.deadline }),
  });
  const world = scenario.build(sim, flags);
  let end: RunEnd;
  try {
    end = await sim.run(world.horizonMs);
  } catch (error) {
    if (error instanceof NaiveRunAborted) return { aborted: true, steps: sim.trace.length };
    throw error;
  }
  return { aborted: false, end, steps: sim.trace.length, virtualMs: sim.now, violations: world.check(end) };
}
