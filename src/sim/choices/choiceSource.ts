/**
 * Every decision of a run (which actor runs next, how long a request takes, whether a fault fires,
 * what the workload looks like) is an integer in [0, arity) read from a choice source. Three sources
 * exist: a seeded pseudo-random stream (exploration), a recorded list (exact replay) and a fast-check
 * integer array (shrinking). Value 0 is always the "least eventful" option, so a shrinker that pushes
 * values towards 0 removes faults, shortens latencies and prefers the first runnable actor.
 */
export type ChoiceKind = 'schedule' | 'latency' | 'fault' | 'workload' | 'service';

export interface ChoiceSource {
  next(kind: ChoiceKind, arity: number): number;
}

/** What the choice log keeps of each decision with more than one option. */
export interface Decision {
  readonly kind: ChoiceKind;
  readonly arity: number;
  readonly value: number;
}

/**
 * Reads decisions from a source and records them. Decisions with a single option are neither drawn nor
 * recorded, so a recorded list replays the same decisions in the same order.
 */
export class Choices {
  private readonly decisions: Decision[] = [];

  constructor(private readonly source: ChoiceSource) {}

  draw(kind: ChoiceKind, arity: number): number {
    if (!Number.isInteger(arity) || arity < 1) throw new RangeError(`arity must be a positive integer, got ${arity}`);
    if (arity === 1) return 0;
    const value = this.source.next(kind, arity);
    this.decisions.push({ kind, arity, value });
    return value;
  }

  /** Records a decision taken outside the source (e.g. by the PCT strategy) so a replay can repeat it. */
  note(kind: ChoiceKind, arity: number, value: number): void {
    if (arity > 1) this.decisions.push({ kind, arity, value });
  }

  /** True with probability `rate`; value 0 always means "no". */
  chance(kind: ChoiceKind, rate: number): boolean {
    if (rate <= 0) return false;
    const resolution = 1_000_000;
    return this.draw(kind, resolution) >= Math.round((1 - Math.min(rate, 1)) * resolution);
  }

  get log(): readonly Decision[] {
    return this.decisions;
  }

  values(): number[] {
    return this.decisions.map((d) => d.value);
  }
}
