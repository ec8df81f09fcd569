import { ReplayDivergence } from '../errors.js';
import type { ChoiceKind, ChoiceSource } from './choiceSource.js';

/**
 * Exact replay of a recorded list. A value that does not fit the decision it is read for means the run
 * went elsewhere than the recording (another build, or nondeterminism) and fails loudly. Past the end of
 * the list every decision is 0, as with a shrunk list.
 */
export class RecordedChoices implements ChoiceSource {
  private position = 0;

  constructor(private readonly values: readonly number[]) {}

  next(kind: ChoiceKind, arity: number): number {
    const index = this.position++;
    const value = this.values[index];
    if (value === undefined) return 0;
    if (value >= arity) {
      throw new ReplayDivergence(`recorded choice #${index} is ${value} but the ${kind} decision has ${arity} options`);
    }
    return value;
  }

  get consumed(): number {
    return this.position;
  }
}
