import type { Scenario } from '../../harness/scenario.js';
import type { Witness } from '../witness.js';
import type { Claim } from './claimsTable.js';

/**
 * The verdict on one claim, from how its scenarios end and their committed witnesses. A `safe` claim is
 * refuted by a `violates` scenario with a witness and confirmed when all its scenarios hold; a `risk` claim
 * the other way round. A claim no scenario answers is not tested; one whose violating scenarios have no
 * witness yet is unresolved. The invariants that judge snapshot contents (snapshotIntegrity, noLostUpdates,
 * convergence) rest on the Chroma model, so a verdict that uses them is provisional until the real-Chroma
 * differential passes.
 */
export type Verdict = 'confirmed' | 'refuted' | 'not tested' | 'unresolved';

export interface ScenarioEvidence {
  readonly scenario: Scenario;
  /** The scenario's witness when it violates, its mutant's when it holds. */
  readonly witness: { readonly file: string; readonly witness: Witness } | undefined;
}

export interface ClaimVerdict {
  readonly claim: Claim;
  readonly verdict: Verdict;
  readonly restsOnChroma: boolean;
  readonly evidence: readonly ScenarioEvidence[];
}

const chromaInvariants = new Set(['snapshotIntegrity', 'noLostUpdates', 'convergence']);

export function judgeClaim(claim: Claim, scenarioNamed: (name: string) => Scenario, witnessOf: (file: string) => Witness | undefined): ClaimVerdict {
  const evidence = claim.scenarios.map((name): ScenarioEvidence => {
    const scenario = scenarioNamed(name);
    const file = scenario.expectation.kind === 'violates' ? `${name}.json` : scenario.mutant === undefined ? undefined : `${name}.mutant.json`;
    const witness = file === undefined ? undefined : witnessOf(file);
    return { scenario, witness: file === undefined || witness === undefined ? undefined : { file, witness } };
  });
  const violating = evidence.filter((e) => e.scenario.expectation.kind === 'violates');
  const shown = violating.filter((e) => e.witness !== undefined);
  const verdict: Verdict =
    evidence.length === 0
      ? 'not tested'
      : violating.length === 0
        ? claim.kind === 'safe'
          ? 'confirmed'
          : 'refuted'
        : shown.length === 0
          ? 'unresolved'
          : claim.kind === 'safe'
            ? 'refuted'
            : 'confirmed';
  // A holds verdict rests on every invariant, the Chroma-judged ones among them; a violation stands without
  // the Chroma model when one of its witnesses breaks an invariant that does not judge snapshot contents.
  const judged =
    violating.length === 0 ? evidence.length > 0 : shown.every((e) => e.witness!.witness.invariants.every((i) => chromaInvariants.has(i)));
  return { claim, verdict, restsOnChroma: judged, evidence };
}
