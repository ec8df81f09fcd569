import { type AnyMachineSnapshot, type EventObject, initialTransition, transition } from 'xstate';
import type { CommittedWrite } from '../adapters/memory/dynamodb/committedWrite.js';
import type { Violation } from '../harness/scenario.js';
import type { LifecycleMachine, TraceEntry } from '../sim/trace.js';
import { type DerivedLifecycleEvent, deriveTableLifecycles } from './lifecycleFromTable.js';
import { type LifecycleModel, derivedModels, tracedModels } from './lifecycleModels.js';

export interface ModelCoverage {
  readonly machine: LifecycleMachine;
  readonly reachedStates: readonly string[];
  readonly unreachedStates: readonly string[];
  /** Transitions as `from --event--> to`. */
  readonly takenTransitions: readonly string[];
  readonly untakenTransitions: readonly string[];
}

export interface ModelConformance {
  readonly violations: Violation[];
  readonly coverage: ModelCoverage[];
}

interface StepEvent {
  readonly step: number;
  readonly machine: LifecycleMachine;
  readonly id: string;
  readonly event: EventObject;
}

interface Instance {
  snapshot: AnyMachineSnapshot;
  /** The steps of the instance's events since its current episode began. */
  steps: number[];
  /** After the first violation the instance's position is unknown, so it is not replayed further. */
  broken: boolean;
}

const arrow = (from: string, type: string, to: string): string => `${from} --${type}--> ${to}`;

const stateOf = (snapshot: AnyMachineSnapshot): string => String(snapshot.value);

/** Event types the snapshot's state accepts, guards included (probed with the model's probe event). */
function allowedEvents(model: LifecycleModel, snapshot: AnyMachineSnapshot): string[] {
  return model.events.filter((type) => model.machine.getTransitionData(snapshot, model.probe?.(snapshot, type) ?? { type }).length > 0);
}

/** Every transition the machine defines, state by state (transitions on the root apply in every state). */
function definedTransitions(model: LifecycleModel): string[] {
  const root = model.machine.root;
  const result: string[] = [];
  for (const [key, node] of Object.entries(root.states)) {
    for (const type of model.events) {
      for (const definition of node.on[type] ?? root.on[type] ?? []) {
        result.push(arrow(key, type, definition.target?.[0]?.key ?? key));
      }
    }
  }
  return [...new Set(result)];
}

function* tracedEvents(trace: readonly TraceEntry[]): Generator<StepEvent> {
  for (const entry of trace) {
    for (const { machine, id, type } of entry.events) yield { step: entry.step, machine, id, event: { type } };
  }
}

/** The trace's own events and the derived ones in step order; at one step the trace's come first. */
function* mergedEvents(trace: readonly TraceEntry[], derived: readonly DerivedLifecycleEvent[]): Generator<StepEvent> {
  const pending = [...derived].sort((a, b) => a.step - b.step);
  let next = 0;
  for (const entry of trace) {
    while (next < pending.length && pending[next]!.step < entry.step) yield pending[next++]!;
    yield* tracedEvents([entry]);
    while (next < pending.length && pending[next]!.step === entry.step) yield pending[next++]!;
  }
  yield* pending.slice(next);
}

/**
 * Replays each lifecycle instance's events (in order) through its model. An event its current state does
 * not accept is a `modelConformance` violation; that instance is then no longer replayed. Events of
 * machines outside `models` are skipped.
 */
function replay(models: readonly LifecycleModel[], events: Iterable<StepEvent>): ModelConformance {
  const violations: Violation[] = [];
  const instances = new Map<string, Instance>();
  const reached = new Map<LifecycleMachine, Set<string>>(models.map((m) => [m.name, new Set<string>()]));
  const taken = new Map<LifecycleMachine, Set<string>>(models.map((m) => [m.name, new Set<string>()]));
  for (const { step, machine, id, event } of events) {
    const model = models.find((m) => m.name === machine);
    if (model === undefined) continue;
    const entity = `${machine}:${id}`;
    let instance = instances.get(entity);
    if (instance === undefined) {
      const [snapshot] = initialTransition(model.machine);
      instance = { snapshot, steps: [], broken: false };
      instances.set(entity, instance);
      reached.get(model.name)!.add(stateOf(snapshot));
    }
    if (instance.steps.at(-1) !== step) instance.steps.push(step);
    if (instance.broken) continue;
    const from = stateOf(instance.snapshot);
    if (model.machine.getTransitionData(instance.snapshot, event).length === 0) {
      instance.broken = true;
      const allowed = allowedEvents(model, instance.snapshot);
      violations.push({
        invariant: 'modelConformance',
        entity,
        expected: `in state ${model.describeState?.(instance.snapshot) ?? from}, one of: ${allowed.join(', ') || 'no event'}`,
        actual: model.describeEvent?.(event) ?? event.type,
        steps: [...instance.steps],
      });
      continue;
    }
    [instance.snapshot] = transition(model.machine, instance.snapshot, event);
    if (model.episodeStarts?.includes(event.type) === true) instance.steps = [step];
    const to = stateOf(instance.snapshot);
    reached.get(model.name)!.add(to);
    taken.get(model.name)!.add(arrow(from, event.type, to));
  }
  const coverage = models.map((model): ModelCoverage => {
    const reachedStates = model.states.filter((s) => reached.get(model.name)!.has(s));
    const transitions = definedTransitions(model);
    const takenTransitions = transitions.filter((t) => taken.get(model.name)!.has(t));
    return {
      machine: model.name,
      reachedStates,
      unreachedStates: model.states.filter((s) => !reachedStates.includes(s)),
      takenTransitions,
      untakenTransitions: transitions.filter((t) => !takenTransitions.includes(t)),
    };
  });
  return { violations, coverage };
}

/** The models whose events the trace carries (Lambda invocations, SQS messages): enough for worlds without a table. */
export function checkModelConformance(trace: readonly TraceEntry[]): ModelConformance {
  return replay(tracedModels, tracedEvents(trace));
}

/** All four models: the trace's events plus the lock-lease and CompactionRun events derived from the table. */
export function checkPipelineModelConformance(trace: readonly TraceEntry[], derived: readonly DerivedLifecycleEvent[]): ModelConformance {
  return replay([...tracedModels, ...derivedModels], mergedEvents(trace, derived));
}

/** `checkPipelineModelConformance` of a run whose table applied `writes`; `epochMs` is the wall-clock time of virtual 0. */
export function pipelineModelConformance(trace: readonly TraceEntry[], writes: readonly CommittedWrite[], epochMs: number): ModelConformance {
  return checkPipelineModelConformance(trace, deriveTableLifecycles(trace, writes, epochMs));
}
