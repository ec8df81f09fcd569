import { type ChoiceInput, createSimulation } from '../sim/createSimulation.js';
import { UsageError } from '../sim/errors.js';
import type { FaultCoverage } from '../sim/faults/faultPlan.js';
import type { RunEnd } from '../sim/simulation.js';
import type { StrategyName } from '../sim/strategies/strategy.js';
import type { TraceEntry } from '../sim/trace.js';
import type { Flags, Scenario, Violation } from './scenario.js';

export interface RunRequest {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly strategy: StrategyName;
  readonly input?: ChoiceInput;
  /** Overrides of the scenario's flags. */
  readonly flags?: Flags;
}

export interface RunResult {
  readonly seed: number;
  readonly flags: Flags;
  readonly end: RunEnd;
  readonly hash: string;
  readonly steps: number;
  /** Steps at which the scheduler chose among more than one runnable actor. */
  readonly schedulingChoices: number;
  readonly virtualMs: number;
  readonly violations: readonly Violation[];
  readonly choices: readonly number[];
  readonly faults: readonly FaultCoverage[];
  readonly trace: readonly TraceEntry[];
}

/** Checks overrides against the scenario's flag specifications and merges them. */
export function resolveFlags(scenario: Scenario, overrides: Flags = {}): Flags {
  for (const [name, value] of Object.entries(overrides)) {
    const spec = scenario.flagSpecs.find((f) => f.name === name);
    if (spec === undefined) {
      const known = scenario.flagSpecs.map((f) => f.name).join(', ') || 'none';
      throw new UsageError(`unknown flag "${name}" for scenario ${scenario.name}; known flags: ${known}`);
    }
    if (!spec.allowed.includes(value)) {
      throw new UsageError(`flag ${name} must be one of ${spec.allowed.join(', ')}, got ${String(value)}`);
    }
  }
  return { ...scenario.flags, ...overrides };
}

/** Runs one seed of a scenario to idle (or its horizon) and checks its invariants. */
export async function runScenario(request: RunRequest): Promise<RunResult> {
  const { scenario } = request;
  const flags = resolveFlags(scenario, request.flags);
  const sim = createSimulation({
    seed: request.seed,
    strategy: request.strategy,
    input: request.input,
    faults: scenario.faults,
    epochMs: scenario.epochMs,
  });
  const world = scenario.build(sim, flags);
  const end = await sim.run(world.horizonMs);
  const violations = world.check(end);
  return {
    seed: request.seed,
    flags,
    end,
    hash: sim.trace.hash,
    steps: sim.trace.length,
    schedulingChoices: sim.schedulingSteps,
    virtualMs: sim.now,
    violations,
    choices: sim.choices.values(),
    faults: sim.faults.coverage(),
    trace: sim.trace.steps,
  };
}
