import type { ChoiceSource } from './choices/choiceSource.js';
import { ArrayChoices } from './choices/arrayChoices.js';
import { RandomChoices } from './choices/randomChoices.js';
import { RecordedChoices } from './choices/recordedChoices.js';
import type { FaultMenu } from './faults/faultPlan.js';
import type { LatencyTable } from './latency.js';
import { Simulation } from './simulation.js';
import { PctStrategy } from './strategies/pct.js';
import type { SchedulingStrategy, StrategyName } from './strategies/strategy.js';
import { UniformRandomStrategy, replayStrategy } from './strategies/uniformRandom.js';

/** Where the decisions of a run come from. */
export type ChoiceInput =
  | { readonly kind: 'seed' }
  | { readonly kind: 'recorded'; readonly values: readonly number[] }
  | { readonly kind: 'fastCheck'; readonly values: readonly number[] };

export interface RunSetup {
  readonly seed: number;
  readonly strategy: StrategyName;
  readonly input?: ChoiceInput;
  readonly faults?: FaultMenu;
  readonly latencies?: LatencyTable;
  readonly schedulingWindowMs?: number;
  readonly epochMs: number;
  readonly pct?: { readonly depth: number; readonly expectedSteps: number };
  readonly maxSteps?: number;
}

/** Builds the kernel for one run: choice source and strategy from the setup. */
export function createSimulation(setup: RunSetup): Simulation {
  const input = setup.input ?? { kind: 'seed' };
  const source: ChoiceSource =
    input.kind === 'seed'
      ? new RandomChoices(setup.seed)
      : input.kind === 'recorded'
        ? new RecordedChoices(input.values)
        : new ArrayChoices(input.values);
  const strategy: SchedulingStrategy =
    input.kind !== 'seed'
      ? replayStrategy()
      : setup.strategy === 'pct'
        ? new PctStrategy(setup.seed, setup.pct ?? { depth: 3, expectedSteps: 2_000 })
        : new UniformRandomStrategy();
  return new Simulation({
    seed: setup.seed,
    choices: source,
    strategy,
    faults: setup.faults,
    latencies: setup.latencies,
    schedulingWindowMs: setup.schedulingWindowMs,
    epochMs: setup.epochMs,
    maxSteps: setup.maxSteps,
  });
}
