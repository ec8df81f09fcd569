import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChoiceListArbitrary } from '../../src/harness/explore/choiceList.js';
import type { Decision } from '../../src/sim/choices/choiceSource.js';

const candidates = (arbitrary: ChoiceListArbitrary, value: number[], context?: unknown): number[][] => [...arbitrary.shrink(value, context)].map((v) => v.value);

describe('the shrinker of a choice list', () => {
  it('tries prefixes first, shortest first, then zeroes aligned blocks from halves down to single decisions, then halves values', () => {
    const shrinks = candidates(new ChoiceListArbitrary(100, 8), [5, 3, 8, 1]);
    expect(shrinks.slice(0, 3)).toEqual([[], [5, 3], [5, 3, 8]]);
    expect(shrinks.slice(3, 5)).toEqual([[0, 0, 8, 1], [5, 3, 0, 0]]);
    expect(shrinks.slice(5, 9)).toEqual([[0, 3, 8, 1], [5, 0, 8, 1], [5, 3, 0, 1], [5, 3, 8, 0]]);
    expect(shrinks.slice(9)).toEqual([[2, 3, 8, 1], [5, 1, 8, 1], [5, 3, 4, 1]]);
  });

  it('continues after an accepted candidate where that candidate was found instead of starting over', () => {
    const arbitrary = new ChoiceListArbitrary(100, 8);
    const accepted = [...arbitrary.shrink([5, 3, 8, 1], undefined)].find((v) => v.value.join() === '5,0,8,1')!;
    expect(candidates(arbitrary, accepted.value, accepted.context)[0]).toEqual([5, 0, 0, 1]);
  });

  it('first silences fault draws that could not have fired at any catalogue rate, when it knows the decisions', () => {
    const decisions: Decision[] = [
      { kind: 'fault', arity: 1_000_000, value: 400_000 },
      { kind: 'latency', arity: 8, value: 3 },
      { kind: 'fault', arity: 1_000_000, value: 950_000 },
    ];
    const value = decisions.map((d) => d.value);
    const shrinks = candidates(new ChoiceListArbitrary(0x7fffffff, 3, (v) => (v === value ? decisions : undefined)), value);
    expect(shrinks[0]).toEqual([0, 3, 950_000]);
    expect(shrinks[1]).toEqual([0, 3, 0]);
  });

  it('accepts the recorded decisions of a run as a fast-check example', () => {
    const arbitrary = new ChoiceListArbitrary(0x7fffffff, 10);
    expect(arbitrary.canShrinkWithoutContext([0, 7, 999_999])).toBe(true);
    expect(arbitrary.canShrinkWithoutContext([-1])).toBe(false);
    fc.assert(fc.property(arbitrary, (values) => values.every((v) => Number.isInteger(v) && v >= 0)), { numRuns: 20 });
  });
});
