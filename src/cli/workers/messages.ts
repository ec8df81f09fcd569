import type { Flags } from '../../harness/scenario.js';
import type { StrategyName } from '../../sim/strategies/strategy.js';
import type { SeedOutcome } from '../seedRunner.js';

/**
 * The messages between the seed pool and its worker threads. Scenarios hold functions, which cannot cross
 * a thread boundary, so an assignment names its scenario and the worker finds it in its own catalogue.
 */

/** Pool → worker: run this seed. A worker has at most one assignment at a time. */
export interface SeedAssignment {
  readonly scenario: string;
  readonly flags: Flags;
  readonly strategy: StrategyName;
  readonly seed: number;
}

/** Worker → pool: the seed's outcome, or why it could not be run. Either one asks for the next seed. */
export type SeedReport =
  | { readonly kind: 'outcome'; readonly outcome: SeedOutcome }
  | { readonly kind: 'error'; readonly seed: number; readonly name: string; readonly message: string };
