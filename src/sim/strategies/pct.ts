import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import type { Choices } from '../choices/choiceSource.js';
import type { Candidate, SchedulingStrategy } from './strategy.js';

export interface PctOptions {
  /** Bug depth d: the number of ordering constraints a bug needs; d − 1 priority change points are used. */
  readonly depth: number;
  /** Estimated number of steps k of a run; change points are drawn uniformly in [1, k]. */
  readonly expectedSteps: number;
}

/**
 * Probabilistic Concurrency Testing (Burckhardt, Kothari, Musuvathi, Nagarakatte, ASPLOS 2010). Each actor
 * gets a distinct random priority when it is created; the highest-priority runnable actor always runs;
 * at each of d − 1 random change points the running actor drops to a priority below all initial ones.
 * The strategy's own randomness is derived from the seed; its picks are noted in the choice log so a
 * replay repeats them without knowing about PCT.
 */
export class PctStrategy implements SchedulingStrategy {
  readonly name = 'pct' as const;
  private readonly rng;
  private readonly priorities = new Map<number, number>();
  private readonly changePoints: number[];
  private nextLowPriority: number;

  constructor(seed: number, private readonly options: PctOptions) {
    this.rng = xoroshiro128plus((seed ^ 0x9e3779b9) >>> 0);
    const points = new Set<number>();
    while (points.size < Math.max(0, options.depth - 1)) points.add(uniformInt(this.rng, 1, options.expectedSteps));
    this.changePoints = [...points].sort((a, b) => a - b);
    this.nextLowPriority = options.depth - 1;
  }

  onActorCreated(actorId: number): void {
    // Initial priorities lie above every change-point priority (which are 1..d-1).
    this.priorities.set(actorId, this.options.depth + uniformInt(this.rng, 0, 1_000_000_000));
  }

  pick(candidates: readonly Candidate[], choices: Choices, step: number): number {
    let best = this.highest(candidates);
    if (this.changePoints[0] !== undefined && step >= this.changePoints[0]) {
      this.changePoints.shift();
      this.priorities.set(candidates[best]!.actorId, this.nextLowPriority--);
      best = this.highest(candidates);
    }
    choices.note('schedule', candidates.length, best);
    return best;
  }

  private highest(candidates: readonly Candidate[]): number {
    let best = 0;
    for (let i = 1; i < candidates.length; i++) {
      if (this.priorityOf(candidates[i]!.actorId) > this.priorityOf(candidates[best]!.actorId)) best = i;
    }
    return best;
  }

  private priorityOf(actorId: number): number {
    return this.priorities.get(actorId) ?? 0;
  }
}
