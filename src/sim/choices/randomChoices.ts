import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import type { ChoiceKind, ChoiceSource } from './choiceSource.js';

/** Exploration: a pure-rand xoroshiro128+ stream seeded with the run's uint32 seed. */
export class RandomChoices implements ChoiceSource {
  private readonly rng;

  constructor(seed: number) {
    this.rng = xoroshiro128plus(seed >>> 0);
  }

  next(_kind: ChoiceKind, arity: number): number {
    return uniformInt(this.rng, 0, arity - 1);
  }
}
