import type { Choices } from '../choices/choiceSource.js';
import type { Candidate, SchedulingStrategy, StrategyName } from './strategy.js';

/**
 * Every runnable actor is equally likely to go next. The pick is read from the choice source, so the same
 * code serves exploration (random source), exact replay (recorded source) and shrinking (array source).
 */
export class UniformRandomStrategy implements SchedulingStrategy {
  constructor(readonly name: StrategyName = 'random') {}

  pick(candidates: readonly Candidate[], choices: Choices): number {
    return choices.draw('schedule', candidates.length);
  }

  onActorCreated(): void {}
}

/** Replay reads each pick from the recorded list, whatever strategy produced it. */
export const replayStrategy = (): SchedulingStrategy => new UniformRandomStrategy('replay');
