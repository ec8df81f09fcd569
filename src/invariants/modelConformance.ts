import { type AnyMachineSnapshot, type AnyStateMachine, initialTransition, transition } from 'xstate';
import { lambdaInvocationEvents, lambdaInvocationMachine, lambdaInvocationStates } from '../../models/lambdaInvocation.js';
import { sqsMessageEvents, sqsMessageMachine, sqsMessageStates } from '../../models/sqsMessage.js';
import type { Violation } from '../harness/scenario.js';
import type { LifecycleMachine, TraceEntry } from '../sim/trace.js';

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

interface Model {
  readonly name: LifecycleMachine;
  readonly machine: AnyStateMachine;
  readonly states: readonly string[];
  readonly events: readonly string[];
}

const models: readonly Model[] = [
  { name: 'lambdaInvocation', machine: lambdaInvocationMachine, states: lambdaInvocationStates, events: lambdaInvocationEvents },
  { name: 'sqsMessage', machine: sqsMessageMachine, states: sqsMessageStates, events: sqsMessageEvents },
];

interface Instance {
  snapshot: AnyMachineSnapshot;
  readonly steps: number[];
  /** After the first violation the instance's position is unknown, so it is not replayed further. */
  broken: boolean;
}

const arrow = (from: string, type: string, to: string): string => `${from} --${type}--> ${to}`;

const stateOf = (snapshot: AnyMachineSnapshot): string => String(snapshot.value);

/** Events the snapshot's state accepts, guards included. */
function allowedEvents(model: Model, snapshot: AnyMachineSnapshot): string[] {
  return model.events.filter((type) => model.machine.getTransitionData(snapshot, { type }).length > 0);
}

/** Every transition the machine defines, state by state (transitions on the root apply in every state). */
function definedTransitions(model: Model): string[] {
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

/**
 * Replays each lifecycle instance's events (in trace order) through its model. An event its current state
 * does not accept is a `modelConformance` violation; that instance is then no longer replayed. Machines
 * without a model yet (lock lease, compaction run) are skipped.
 */
export function checkModelConformance(trace: readonly TraceEntry[]): ModelConformance {
  const violations: Violation[] = [];
  const instances = new Map<string, Instance>();
  const reached = new Map<LifecycleMachine, Set<string>>(models.map((m) => [m.name, new Set<string>()]));
  const taken = new Map<LifecycleMachine, Set<string>>(models.map((m) => [m.name, new Set<string>()]));
  for (const entry of trace) {
    for (const event of entry.events) {
      const model = models.find((m) => m.name === event.machine);
      if (model === undefined) continue;
      const entity = `${event.machine}:${event.id}`;
      let instance = instances.get(entity);
      if (instance === undefined) {
        const [snapshot] = initialTransition(model.machine);
        instance = { snapshot, steps: [], broken: false };
        instances.set(entity, instance);
        reached.get(model.name)!.add(stateOf(snapshot));
      }
      if (instance.steps.at(-1) !== entry.step) instance.steps.push(entry.step);
      if (instance.broken) continue;
      const from = stateOf(instance.snapshot);
      const allowed = allowedEvents(model, instance.snapshot);
      if (!allowed.includes(event.type)) {
        instance.broken = true;
        violations.push({
          invariant: 'modelConformance',
          entity,
          expected: `in state ${from}, one of: ${allowed.join(', ') || 'no event'}`,
          actual: event.type,
          steps: [...instance.steps],
        });
        continue;
      }
      [instance.snapshot] = transition(model.machine, instance.snapshot, { type: event.type });
      const to = stateOf(instance.snapshot);
      reached.get(model.name)!.add(to);
      taken.get(model.name)!.add(arrow(from, event.type, to));
    }
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
