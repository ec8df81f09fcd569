import type { FaultMenu } from '../sim/faults/faultPlan.js';
import type { RunEnd, Simulation } from '../sim/simulation.js';
import type { FlagValue } from '../sim/token.js';

/**
 * A scenario declares a workload on a world, its profile and flags, the faults it may inject and what
 * should happen: `holds` (no invariant may break) or `violates` (these invariants must break for some seed).
 */
export type Flags = Readonly<Record<string, FlagValue>>;

export interface Violation {
  readonly invariant: string;
  readonly entity: string;
  readonly expected: string;
  readonly actual: string;
  /** Steps that led there, oldest first (the last one is where the violation shows). */
  readonly steps: readonly number[];
}

/** One simulated world, built fresh for every run. */
export interface World {
  /** Virtual milliseconds after which the run stops even if it is not idle. */
  readonly horizonMs: number;
  /** The invariant checks, run once the simulation has stopped. */
  check(end: RunEnd): Violation[];
  /** What the run saw (counts and 0/1 indicators), for summaries over many seeds; read after `check`. */
  observations?(): Record<string, number>;
}

export type Expectation =
  | { readonly kind: 'holds' }
  | { readonly kind: 'violates'; readonly invariants: readonly string[] };

export interface FlagSpec {
  readonly name: string;
  readonly summary: string;
  readonly allowed: readonly FlagValue[];
}

export interface Scenario {
  readonly name: string;
  readonly summary: string;
  readonly profile: string;
  /** Wall-clock epoch milliseconds of virtual time 0. */
  readonly epochMs: number;
  readonly flagSpecs: readonly FlagSpec[];
  /** Flag values of this scenario; a run can override them. */
  readonly flags: Flags;
  readonly faults: FaultMenu;
  readonly expectation: Expectation;
  build(sim: Simulation, flags: Flags): World;
}
