import { resolveFlags } from '../runScenario.js';
import type { Flags, Scenario } from '../scenario.js';

/**
 * What an exploration searches for: each `violates` scenario must break one of its expected invariants,
 * and each `holds` scenario's one-flag mutant must break one of the invariants it names (design.md: the
 * same budget finds both).
 */
export interface ExplorationTarget {
  readonly scenario: Scenario;
  readonly kind: 'violates' | 'mutant';
  /** The flags every run uses (for a mutant, the scenario's flags with the mutant's one change). */
  readonly flags: Flags;
  /** A run that breaks one of these is a find. */
  readonly invariants: readonly string[];
  /** `seed-pipeline`, or `head-pipeline with lockMode=none` for a mutant. */
  readonly label: string;
}

export function explorationTarget(scenario: Scenario): ExplorationTarget | undefined {
  if (scenario.expectation.kind === 'violates') {
    return { scenario, kind: 'violates', flags: resolveFlags(scenario), invariants: scenario.expectation.invariants, label: scenario.name };
  }
  const mutant = scenario.mutant;
  if (mutant === undefined) return undefined;
  return {
    scenario,
    kind: 'mutant',
    flags: resolveFlags(scenario, { [mutant.flag]: mutant.value }),
    invariants: mutant.breaks,
    label: `${scenario.name} with ${mutant.flag}=${String(mutant.value)}`,
  };
}

export function explorationTargets(catalog: readonly Scenario[]): ExplorationTarget[] {
  return catalog.flatMap((scenario) => explorationTarget(scenario) ?? []);
}
