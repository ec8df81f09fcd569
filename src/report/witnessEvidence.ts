import type { RunResult } from '../harness/runScenario.js';
import type { Violation } from '../harness/scenario.js';
import { selectSteps } from './stepSelection.js';
import { selectionLines } from './traceText.js';

/**
 * What a witness shows a reader without replaying it: the first violation of an invariant it was searched
 * for, and that violation's causal chain in the trace (at most `excerptLines` lines, other steps elided).
 * It is written with the witness by `explore --update-witnesses` from the very run the token replays, so
 * `reports/verdicts.md` can quote it and stay a function of committed files.
 */
export interface WitnessEvidence {
  readonly violation: Violation;
  readonly excerpt: readonly string[];
}

export const excerptLines = 24;

export function witnessEvidence(result: RunResult, invariants: readonly string[]): WitnessEvidence | undefined {
  const violation = result.violations.find((v) => invariants.includes(v.invariant)) ?? result.violations[0];
  if (violation === undefined) return undefined;
  const selection = selectSteps(result.trace, [violation], [], excerptLines);
  return { violation, excerpt: selectionLines(result.trace, selection) };
}
