import { type ChoiceInput, createSimulation } from '../sim/createSimulation.js';
import { UsageError } from '../sim/errors.js';
import type { FaultCoverage } from '../sim/faults/faultPlan.js';
import type { RunEnd, Simulation } from '../sim/simulation.js';
import type { StrategyName } from '../sim/strategies/strategy.js';
import type { TraceEntry } from '../sim/trace.js';
import { yieldToEventLoop } from '../sim/traps.js';
import type { ModelCoverage } from '../invariants/modelConformance.js';
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
  /** The steps recorded first after a scheduling choice, in order (fewer than the choices when an actor records nothing in its turn). */
  readonly schedulingPoints: readonly number[];
  readonly virtualMs: number;
  readonly violations: readonly Violation[];
  readonly choices: readonly number[];
  readonly faults: readonly FaultCoverage[];
  /** Reached and unreached states and transitions of each lifecycle model (empty when the world has no models). */
  readonly modelCoverage: readonly ModelCoverage[];
  /** What the world observed (counts and 0/1 indicators; empty when the world reports nothing). */
  readonly observations: Readonly<Record<string, number>>;
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
  const schedulingPoints = watchSchedulingPoints(sim);
  const world = scenario.build(sim, flags);
  const end = await sim.run(world.horizonMs);
  const violations = world.check(end);
  await yieldToEventLoop();
  return {
    seed: request.seed,
    flags,
    end,
    hash: sim.trace.hash,
    steps: sim.trace.length,
    schedulingChoices: sim.schedulingSteps,
    schedulingPoints: schedulingPoints(),
    virtualMs: sim.now,
    violations,
    choices: sim.choices.values(),
    faults: sim.faults.coverage(),
    modelCoverage: world.modelCoverage?.() ?? [],
    observations: world.observations?.() ?? {},
    trace: sim.trace.steps,
  };
}

/**
 * The steps recorded first after one or more scheduling choices. The kernel counts these choices but does
 * not mark them in the trace, so this watches the count as each step is appended (a decorator on this
 * run's trace only; the trace content and its hash are unchanged).
 */
function watchSchedulingPoints(sim: Simulation): () => readonly number[] {
  const points: number[] = [];
  const trace = sim.trace;
  const append = trace.append.bind(trace);
  let seen = 0;
  trace.append = (input) => {
    const entry = append(input);
    if (sim.schedulingSteps > seen) {
      seen = sim.schedulingSteps;
      points.push(entry.step);
    }
    return entry;
  };
  return () => points;
}
