import { Waitable } from './waitable.js';

/**
 * A scope is what dies together: one Lambda invocation and the tasks it started. Killing a scope drops
 * every actor in it at its current yield point (no `finally` runs, as when a runtime is killed), so the
 * effects applied so far stay and nothing after them happens.
 */
export class Scope {
  killedBy: string | undefined;
  private readonly listeners: ((reason: string) => void)[] = [];

  constructor(
    readonly name: string,
    /** Whether `lambda.crash` may kill this scope at its yield points. */
    readonly crashable: boolean,
  ) {}

  get killed(): boolean {
    return this.killedBy !== undefined;
  }

  onKill(listener: (reason: string) => void): void {
    this.listeners.push(listener);
  }

  /** Called by the simulation only. */
  markKilled(reason: string): void {
    this.killedBy = reason;
    for (const listener of this.listeners) listener(reason);
  }
}

export type ActorState = 'parked' | 'running' | 'blocked' | 'done' | 'failed' | 'killed';

export class Actor {
  state: ActorState = 'parked';
  wakeAt = 0;
  /** Resumes the actor's pending yield; set while parked or blocked. */
  resume: (() => void) | undefined;
  /** Undoes a block (removes the waiter, cancels its timer) when the actor is killed. */
  unblock: (() => void) | undefined;
  lastStep: number | null;
  readonly done: Waitable;
  error: unknown;

  constructor(
    readonly id: number,
    readonly name: string,
    readonly scope: Scope | undefined,
    /** Offset of this actor's wall clock from virtual time (clock skew). */
    readonly clockSkewMs: number,
    /** Whether `process.pause` may stall this actor. */
    readonly pausable: boolean,
    spawnStep: number | null,
  ) {
    this.lastStep = spawnStep;
    this.done = new Waitable(`${name}.done`);
  }

  get finished(): boolean {
    return this.state === 'done' || this.state === 'failed' || this.state === 'killed';
  }
}
