import type { FaultMenu } from '../sim/faults/faultPlan.js';
import type { RunEnd, Simulation } from '../sim/simulation.js';
import type { FlagValue } from '../sim/token.js';
import type { ModelCoverage } from '../invariants/modelConformance.js';

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
  /** Which states and transitions of each lifecycle model the run reached; read after `check`. */
  modelCoverage?(): readonly ModelCoverage[];
}

export type Expectation =
  | { readonly kind: 'holds' }
  | { readonly kind: 'violates'; readonly invariants: readonly string[] };

export interface FlagSpec {
  readonly name: string;
  readonly summary: string;
  readonly allowed: readonly FlagValue[];
}

/**
 * The one-flag change that turns a `holds` scenario into one that breaks (design.md: every `holds`
 * scenario has a mutant the exploration budget finds).
 */
export interface Mutant {
  readonly flag: string;
  readonly value: FlagValue;
  /** The invariants the mutant is expected to break. */
  readonly breaks: readonly string[];
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
  /** For a `holds` scenario: the one-flag mutant that must break it. */
  readonly mutant?: Mutant;
  /**
   * One paragraph, in the pipeline's terms and with spec sections, on why the scenario ends as it does:
   * for a `violates` scenario the mechanism of the failure, for a `holds` scenario what prevents it.
   * `reports/verdicts.md` quotes it under every claim the scenario answers.
   */
  readonly mechanism?: string;
  build(sim: Simulation, flags: Flags): World;
}
