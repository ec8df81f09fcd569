import type { Actor } from './actor.js';
import type { TimerHandle } from './timers.js';

export type RunEnd = 'idle' | 'horizon';

/**
 * What the simulation needs from whatever decides when parked actors resume and timers fire. The seeded
 * `Scheduler` drives every deterministic run; the only other driver is the benchmark's naive baseline
 * (src/bench/naive), which lets real timers decide, as a test without this harness would.
 */
export interface Driver {
  /** Virtual milliseconds since the start of the run. */
  readonly now: number;
  /** The actor taking the current step, if any. */
  readonly current: Actor | undefined;
  /** Steps at which a strategy chose among more than one runnable actor. */
  readonly schedulingDecisions: number;
  /** Parks the actor until `wakeAt`; `resume` continues it. */
  park(actor: Actor, wakeAt: number, resume: () => void): void;
  /** Takes an actor out of the schedule (it was killed). */
  unpark(actor: Actor): void;
  at(at: number, label: string, fire: () => void): TimerHandle;
  /** The running actor has parked, blocked or finished. */
  endStep(): void;
  /** Stops the run with this error at the next opportunity. */
  fail(error: unknown): void;
  run(horizonMs: number): Promise<RunEnd>;
}

/** Builds a driver for one simulation; `stepCount` reads the number of trace steps so far. */
export type DriverFactory = (stepCount: () => number) => Driver;
