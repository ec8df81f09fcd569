import type { AnyMachineSnapshot, AnyStateMachine, EventObject } from 'xstate';
import { compactionRunEvents, compactionRunMachine, compactionRunStates } from '../../models/compactionRun.js';
import { lambdaInvocationEvents, lambdaInvocationMachine, lambdaInvocationStates } from '../../models/lambdaInvocation.js';
import { type LockLeaseContext, lockLeaseEvents, lockLeaseMachine, lockLeaseStates } from '../../models/lockLease.js';
import { sqsMessageEvents, sqsMessageMachine, sqsMessageStates } from '../../models/sqsMessage.js';
import type { LifecycleMachine } from '../sim/trace.js';

/**
 * The lifecycle models the conformance check replays, with what a violation report says about them.
 * A model whose guards read the event (the lock lease's owner) gives the event to probe its state with
 * when listing the events it accepts, and texts naming the owner.
 */
export interface LifecycleModel {
  readonly name: LifecycleMachine;
  readonly machine: AnyStateMachine;
  readonly states: readonly string[];
  readonly events: readonly string[];
  /** The event of a type to test whether the snapshot accepts that type at all; default `{ type }`. */
  readonly probe?: (snapshot: AnyMachineSnapshot, type: string) => EventObject;
  /** The state as a report names it; default its value. */
  readonly describeState?: (snapshot: AnyMachineSnapshot) => string;
  /** The event as a report names it; default its type. */
  readonly describeEvent?: (event: EventObject) => string;
  /**
   * Event types that begin a new episode of a long-lived instance (a lock row is leased again and again):
   * a violation lists the steps since the last one instead of the instance's whole history.
   */
  readonly episodeStarts?: readonly string[];
}

const leaseOwner = (snapshot: AnyMachineSnapshot): string | null => (snapshot.context as LockLeaseContext).owner;

const lockLease: LifecycleModel = {
  name: 'lockLease',
  machine: lockLeaseMachine,
  states: lockLeaseStates,
  events: lockLeaseEvents,
  probe: (snapshot, type) => ({ type, owner: leaseOwner(snapshot) ?? 'a new owner' }),
  describeState: (snapshot) => {
    const owner = leaseOwner(snapshot);
    return owner === null ? String(snapshot.value) : `${String(snapshot.value)} (owner ${owner})`;
  },
  episodeStarts: ['acquire', 'takeover'],
  describeEvent: (event) => ('owner' in event && typeof event.owner === 'string' ? `${event.type} by owner ${event.owner}` : event.type),
};

/** The models whose events the fakes record in the trace. */
export const tracedModels: readonly LifecycleModel[] = [
  { name: 'lambdaInvocation', machine: lambdaInvocationMachine, states: lambdaInvocationStates, events: lambdaInvocationEvents },
  { name: 'sqsMessage', machine: sqsMessageMachine, states: sqsMessageStates, events: sqsMessageEvents },
];

/** The models whose events are derived from the table's writes after the run. */
export const derivedModels: readonly LifecycleModel[] = [
  lockLease,
  { name: 'compactionRun', machine: compactionRunMachine, states: compactionRunStates, events: compactionRunEvents },
];
