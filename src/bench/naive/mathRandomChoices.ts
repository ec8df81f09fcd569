import type { ChoiceKind, ChoiceSource } from '../../sim/choices/choiceSource.js';

/**
 * The naive baseline's decisions: every latency, fault and service draw comes from `Math.random`, as in a
 * test that sprinkles random delays, so no two runs are alike and none can be replayed.
 */
export class MathRandomChoices implements ChoiceSource {
  next(_kind: ChoiceKind, arity: number): number {
    return Math.floor(Math.random() * arity);
  }
}
