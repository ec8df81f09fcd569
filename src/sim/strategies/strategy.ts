import type { Choices } from '../choices/choiceSource.js';

/** What a strategy knows of a runnable actor: enough to order actors, nothing of their internals. */
export interface Candidate {
  readonly actorId: number;
  readonly name: string;
}

/**
 * Picks which of the runnable actors takes the next step. `candidates` is never empty and is ordered by
 * actor id, so an index names the same actor in a replay. Every pick ends up in the choice log.
 */
export interface SchedulingStrategy {
  readonly name: StrategyName;
  pick(candidates: readonly Candidate[], choices: Choices, step: number): number;
  /** Called when an actor is created, so priority-based strategies can rank it. */
  onActorCreated(actorId: number): void;
}

export type StrategyName = 'random' | 'pct' | 'replay';
