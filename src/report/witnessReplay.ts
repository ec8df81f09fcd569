import type { RunRequest } from '../harness/runScenario.js';
import type { Scenario } from '../harness/scenario.js';
import { type RunToken, decodeToken } from '../sim/token.js';
import type { Witness } from './witness.js';

/**
 * How a committed witness is replayed so that it survives code changes. Its token is decoded without the
 * build check. On the build that made it, its recorded choices replay strictly (any drift is an error) and
 * the hash must match; on another build they drive the run leniently as a fast-check array (each value
 * modulo the options of the decision it meets, 0 past the end), which keeps the interleaving as far as the
 * changed code allows, and only the broken invariants are compared.
 */
export interface WitnessReplay {
  readonly token: RunToken;
  readonly request: RunRequest;
  /** Whether the token was made by the current build (then the stored hash must be reproduced). */
  readonly sameBuild: boolean;
}

export function witnessReplay(witness: Witness, scenario: Scenario, currentBuild: string): WitnessReplay {
  const token = decodeToken(witness.token);
  const sameBuild = token.build === currentBuild;
  const input =
    token.choices === undefined ? undefined : { kind: sameBuild ? ('recorded' as const) : ('fastCheck' as const), values: token.choices };
  return {
    token,
    sameBuild,
    request: { scenario, seed: token.seed, strategy: token.strategy, flags: token.flags, ...(input === undefined ? {} : { input }) },
  };
}

/** What the witness's scenario allows it to break: a violates scenario's invariants, or its mutant's. */
export function allowedInvariants(witness: Witness, scenario: Scenario): readonly string[] {
  if (witness.mutant !== undefined) return scenario.mutant?.breaks ?? [];
  return scenario.expectation.kind === 'violates' ? scenario.expectation.invariants : [];
}
