import type { Expectation, Violation } from './scenario.js';

/**
 * Whether a batch of runs of one scenario came out as its expectation says. A `holds` scenario must show
 * no violation; a `violates` scenario must break one of its invariants in some run and nothing else.
 */
export interface OutcomeVerdict {
  readonly asExpected: boolean;
  readonly unexpected: readonly Violation[];
  readonly expectedFound: boolean;
}

export function judgeOutcome(expectation: Expectation, violations: readonly Violation[]): OutcomeVerdict {
  if (expectation.kind === 'holds') {
    return { asExpected: violations.length === 0, unexpected: violations, expectedFound: true };
  }
  const unexpected = violations.filter((v) => !expectation.invariants.includes(v.invariant));
  const expectedFound = violations.some((v) => expectation.invariants.includes(v.invariant));
  return { asExpected: expectedFound && unexpected.length === 0, unexpected, expectedFound };
}
