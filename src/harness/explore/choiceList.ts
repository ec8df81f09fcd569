import fc from 'fast-check';
import type { Decision } from '../../sim/choices/choiceSource.js';

/**
 * A fast-check arbitrary of choice lists (the integer arrays `ArrayChoices` reads: value modulo the
 * number of options, 0 past the end) whose shrinker suits a stream of decisions read by position.
 *
 * fast-check's own `fc.array` shrinker removes items from the front and then walks the array one position
 * at a time. On a decision stream that is the wrong order: removing the first decisions hands every later
 * decision to a different question (a workload draw gets a latency value), so almost no candidate keeps
 * the failure, and a walk over the ~15 000 decisions of a pipeline run never ends. This shrinker instead
 * tries, in order:
 * 0. when it knows the decision each value was drawn for (`decisionsOf`): silencing fault draws whose
 *    value lies below 50 %, 90 %, 99 %, 99.9 % of their range. A fault fires when its draw is at least
 *    (1 − rate)·10⁶, so at the catalogue's rates (≤ 0.5) the first step changes nothing but clears most
 *    of the list, and the later ones turn off the faults that fired, the frequent faults first;
 * 1. truncation: keep a prefix (the decisions past the end become 0: no fault, shortest latency, first
 *    actor), shortest first, bisecting between the longest prefix that lost the failure and the list;
 * 2. zeroing blocks: set aligned blocks of n/2, n/4, …, 1 decisions to 0, keeping every other decision at
 *    its position;
 * 3. lowering: halve each remaining non-zero decision.
 * The context of an accepted candidate says where to continue, so a later pass does not retry what failed.
 */
type Phase =
  | { readonly phase: 'quiet'; readonly step: number }
  | { readonly phase: 'truncate'; readonly lo: number }
  | { readonly phase: 'zero'; readonly size: number; readonly index: number }
  | { readonly phase: 'lower'; readonly index: number };

const isPhase = (context: unknown): context is Phase =>
  typeof context === 'object' && context !== null && 'phase' in context;

export class ChoiceListArbitrary extends fc.Arbitrary<number[]> {
  private readonly generator: fc.Arbitrary<number[]>;

  constructor(
    private readonly maxValue: number,
    maxLength: number,
    private readonly decisionsOf: (values: readonly number[]) => readonly Decision[] | undefined = () => undefined,
    /** True once the shrink's budget is spent: the stream ends instead of offering candidates nobody runs. */
    private readonly stopped: () => boolean = () => false,
  ) {
    super();
    this.generator = fc.array(fc.nat({ max: maxValue }), { maxLength, size: 'max' });
  }

  generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<number[]> {
    return new fc.Value(this.generator.generate(mrng, biasFactor).value, undefined);
  }

  canShrinkWithoutContext(value: unknown): value is number[] {
    return Array.isArray(value) && value.every((v) => Number.isInteger(v) && v >= 0 && v <= this.maxValue);
  }

  shrink(value: number[], context: unknown): fc.Stream<fc.Value<number[]>> {
    const start: Phase = isPhase(context) ? context : { phase: 'quiet', step: 0 };
    return new fc.Stream(until(this.stopped, candidates(value, start, this.decisionsOf(value))));
  }
}

function* until<T>(stopped: () => boolean, source: Generator<T>): Generator<T> {
  for (const item of source) {
    if (stopped()) return;
    yield item;
  }
}

function* candidates(value: readonly number[], start: Phase, decisions: readonly Decision[] | undefined): Generator<fc.Value<number[]>> {
  if (start.phase === 'quiet' && decisions !== undefined) yield* quietFaults(value, start.step, decisions);
  if (start.phase === 'quiet' || start.phase === 'truncate') yield* truncations(value, start.phase === 'truncate' ? start.lo : 0);
  const top = highestPowerOfTwo(Math.max(1, Math.floor(value.length / 2)));
  const first = start.phase === 'zero' ? start : { size: top, index: 0 };
  if (start.phase !== 'lower') {
    for (let size = first.size; size >= 1; size = Math.floor(size / 2)) {
      for (let index = size === first.size ? first.index : 0; index < value.length; index += size) {
        if (!value.slice(index, index + size).some((v) => v !== 0)) continue;
        const zeroed = [...value];
        zeroed.fill(0, index, index + size);
        yield new fc.Value(zeroed, { phase: 'zero', size, index: index + size } satisfies Phase);
      }
    }
  }
  for (let index = start.phase === 'lower' ? start.index : 0; index < value.length; index++) {
    const v = value[index]!;
    if (v <= 1) continue;
    const lowered = [...value];
    lowered[index] = Math.floor(v / 2);
    yield new fc.Value(lowered, { phase: 'lower', index } satisfies Phase);
  }
}

const chanceResolution = 1_000_000;
const quietBelow = [500_000, 900_000, 990_000, 999_000];

function* quietFaults(value: readonly number[], step: number, decisions: readonly Decision[]): Generator<fc.Value<number[]>> {
  let previouslyChanged = 0;
  for (let s = step; s < quietBelow.length; s++) {
    const below = quietBelow[s]!;
    let changed = 0;
    const quieted = value.map((v, i) => {
      const d = decisions[i];
      if (d === undefined || d.kind !== 'fault' || d.arity !== chanceResolution || v % d.arity === 0 || v % d.arity >= below) return v;
      changed++;
      return 0;
    });
    if (changed > previouslyChanged) yield new fc.Value(quieted, { phase: 'quiet', step: s + 1 } satisfies Phase);
    previouslyChanged = changed;
  }
}

/** Prefixes from `lo` up: lo, then halfway to the full length, three quarters, … (integer bisection). */
function* truncations(value: readonly number[], lo: number): Generator<fc.Value<number[]>> {
  let previous = lo;
  let gap = value.length - lo;
  let length = lo;
  while (length < value.length) {
    yield new fc.Value(value.slice(0, length), { phase: 'truncate', lo: previous === length ? lo : previous + 1 } satisfies Phase);
    previous = length;
    gap = Math.floor(gap / 2);
    length = value.length - gap;
    if (gap === 0) break;
  }
}

function highestPowerOfTwo(n: number): number {
  let power = 1;
  while (power * 2 <= n) power *= 2;
  return power;
}
