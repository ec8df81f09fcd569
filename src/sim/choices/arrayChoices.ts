import type { ChoiceKind, ChoiceSource } from './choiceSource.js';

/**
 * Decisions read from a fast-check integer array: index modulo the number of options, 0 once the array
 * runs out. Shrinking the array (shorter, smaller values) shrinks the interleaving, the latencies, the
 * faults and the workload together.
 */
export class ArrayChoices implements ChoiceSource {
  private position = 0;

  constructor(private readonly values: readonly number[]) {}

  next(_kind: ChoiceKind, arity: number): number {
    const value = this.values[this.position++];
    return value === undefined ? 0 : Math.abs(Math.trunc(value)) % arity;
  }
}
